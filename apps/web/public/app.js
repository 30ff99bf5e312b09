// Shows the instance's root configuration (GET /api/) so an operator can see it works.
const list = document.getElementById('status');

function row(label, value, cls) {
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.textContent = value;
  if (cls) dd.className = cls;
  list.append(dt, dd);
}

try {
  const res = await fetch('/api/');
  const root = await res.json();
  list.replaceChildren();
  row('API', `online (Stoat ${root.revolt})`, 'ok');
  row('Events', root.ws);
  row('Files', root.features.autumn.enabled ? root.features.autumn.url : 'off');
  row('Voice', root.features.livekit.enabled ? 'on' : 'off');
} catch (err) {
  list.replaceChildren();
  row('API', `unreachable: ${err}`, 'bad');
}
