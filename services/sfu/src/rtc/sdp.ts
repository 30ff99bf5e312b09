/** One m-section of an SDP, reduced to what the SFU reads. */
export interface MediaSection {
  kind: string;
  mid: string;
  port: number;
  direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
  /** `a=msid:<stream> <track>` (first one). */
  streamId?: string;
  trackId?: string;
  /** Simulcast send rids, in the order of `a=simulcast:send`. */
  rids: string[];
  /** SSRCs listed with `a=ssrc:` (primary first, then RTX/FEC). */
  ssrcs: number[];
}

/** Parses the m-sections of an SDP. */
export function parseMediaSections(sdp: string): MediaSection[] {
  const sections: MediaSection[] = [];
  let current: MediaSection | undefined;
  for (const raw of sdp.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('m=')) {
      const [kind = '', port = '0'] = line.slice(2).split(' ');
      current = { kind, mid: '', port: Number(port), direction: 'sendrecv', rids: [], ssrcs: [] };
      sections.push(current);
      continue;
    }
    if (!current || !line.startsWith('a=')) continue;
    const attr = line.slice(2);
    if (attr.startsWith('mid:')) current.mid = attr.slice(4);
    else if (
      attr === 'sendrecv' ||
      attr === 'sendonly' ||
      attr === 'recvonly' ||
      attr === 'inactive'
    ) {
      current.direction = attr;
    } else if (attr.startsWith('msid:') && current.streamId === undefined) {
      const [stream, track] = attr.slice(5).split(' ');
      current.streamId = stream;
      current.trackId = track;
    } else if (attr.startsWith('simulcast:')) {
      const send = attr.slice(10).split(' ');
      const at = send.indexOf('send');
      const list = at >= 0 ? send[at + 1] : undefined;
      if (list) current.rids = list.split(/[;,]/).map((rid) => rid.replace(/^~/, ''));
    } else if (attr.startsWith('ssrc:')) {
      const ssrc = Number(attr.slice(5).split(' ')[0]);
      if (Number.isFinite(ssrc) && !current.ssrcs.includes(ssrc)) current.ssrcs.push(ssrc);
    }
  }
  return sections;
}

/** Reads `a=extmap:<id> <uri>` lines into uri → id (the first id wins; BUNDLE keeps them equal). */
export function parseExtmap(sdp: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const match of sdp.matchAll(/^a=extmap:(\d+)(?:\/\w+)? (\S+)/gm)) {
    const id = Number(match[1]);
    const uri = match[2] ?? '';
    if (!out.has(uri)) out.set(uri, id);
  }
  return out;
}

/**
 * Rewrites the host candidates of an SDP for the announced address: with `keepOnly` the
 * candidates of other addresses are dropped; with `announce` every host address is replaced.
 */
export function rewriteCandidates(sdp: string, rule: CandidateRule): string {
  if (rule.kind === 'none') return sdp;
  const lines = sdp.split('\r\n');
  const out: string[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const rewritten = line.startsWith('a=candidate:') ? rewriteCandidateLine(line, rule) : line;
    if (rewritten === undefined) continue;
    if (line.startsWith('a=candidate:')) {
      if (seen.has(rewritten)) continue;
      seen.add(rewritten);
    }
    out.push(rewritten);
  }
  return out.join('\r\n');
}

/** How candidates are announced: untouched, only those of one address, or all as one address. */
export type CandidateRule =
  { kind: 'none' } | { kind: 'keepOnly'; address: string } | { kind: 'announce'; address: string };

/** Rewrites one candidate (`a=candidate:…` or a bare `candidate:…`); undefined drops it. */
export function rewriteCandidateLine(line: string, rule: CandidateRule): string | undefined {
  if (rule.kind === 'none') return line;
  const parts = line.split(' ');
  // foundation component transport priority address port "typ" type ...
  const address = parts[4];
  const type = parts[7];
  if (address === undefined || type !== 'host') return line;
  if (rule.kind === 'keepOnly') return address === rule.address ? line : undefined;
  parts[4] = rule.address;
  return parts.join(' ');
}

/**
 * Keeps in the answer's BUNDLE group only the mids the offer bundled (werift also lists
 * m-sections the offer rejected with port 0, which browsers refuse).
 */
export function alignBundle(answer: string, offer: string): string {
  const offered = /^a=group:BUNDLE (.*)$/m.exec(offer)?.[1]?.trim().split(/\s+/);
  if (!offered) return answer;
  return answer.replace(/^a=group:BUNDLE (.*)$/m, (_line, mids: string) => {
    const kept = mids
      .trim()
      .split(/\s+/)
      .filter((mid) => offered.includes(mid));
    return `a=group:BUNDLE ${kept.join(' ')}`;
  });
}

/**
 * Keeps unused (inactive) m-sections of an offer open and bundled: werift gives them port 0,
 * which rejects them, and a rejected first m-section makes the browser rebuild its BUNDLE
 * transport (the connection then fails). Unused sections stay `a=inactive` on port 9.
 */
export function keepInactiveSectionsBundled(offer: string): string {
  const lines = offer.split('\r\n');
  const mids: string[] = [];
  let mLine = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('m=')) mLine = i;
    else if (line.startsWith('a=mid:')) mids.push(line.slice(6));
    else if (line === 'a=inactive' && mLine >= 0) {
      const parts = (lines[mLine] ?? '').split(' ');
      if (parts[1] === '0' && !parts[0]?.startsWith('m=application')) {
        parts[1] = '9';
        lines[mLine] = parts.join(' ');
      }
    }
  }
  const out = lines.join('\r\n');
  return mids.length > 0
    ? out.replace(/^a=group:BUNDLE .*$/m, `a=group:BUNDLE ${mids.join(' ')}`)
    : out;
}
