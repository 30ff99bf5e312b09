import { createRequire } from 'node:module';
import { remembered } from '../remembered';

/** Side of the generated square avatar, in pixels. */
export const DEFAULT_AVATAR_SIZE = 256;

/** `Cache-Control` Stoat sends with a default avatar (it never changes for an id). */
export const DEFAULT_AVATAR_CACHE_CONTROL = 'public, max-age=31536000, immutable';

type Rgb = readonly [number, number, number];

// Background colour of each of the seven variants (index = variant - 1).
const PALETTE: readonly Rgb[] = [
  [0xe8, 0x50, 0x5b],
  [0xf0, 0x8a, 0x3c],
  [0xd9, 0xa9, 0x1a],
  [0x3b, 0xb2, 0x73],
  [0x26, 0xa9, 0xb8],
  [0x4f, 0x7c, 0xe8],
  [0x9b, 0x59, 0xd0],
];

const VARIANT_BY_LAST_CHAR: Record<string, number> = {};
for (const [chars, variant] of [
  ['0123SZ', 2],
  ['4567T', 3],
  ['89AB', 4],
  ['CDEFV', 5],
  ['GHJKW', 6],
  ['MNPQX', 7],
] as const) {
  for (const ch of chars) VARIANT_BY_LAST_CHAR[ch] = variant;
}

/** Stoat's choice of default avatar (1–7) by the id's last character. */
export function defaultAvatarVariant(id: string): number {
  return VARIANT_BY_LAST_CHAR[id.slice(-1)] ?? 1;
}

// Silhouette geometry in unit coordinates (0..1 across the square).
const HEAD = { cx: 0.5, cy: 0.4, r: 0.18 };
const BODY = { cx: 0.5, cy: 0.98, rx: 0.34, ry: 0.3 };
const SAMPLES = 4;

function inSilhouette(x: number, y: number): boolean {
  const hx = x - HEAD.cx;
  const hy = y - HEAD.cy;
  if (hx * hx + hy * hy <= HEAD.r * HEAD.r) return true;
  const bx = (x - BODY.cx) / BODY.rx;
  const by = (y - BODY.cy) / BODY.ry;
  return bx * bx + by * by <= 1;
}

/** Share of a pixel covered by the silhouette (anti-aliasing by supersampling). */
function coverage(px: number, py: number, size: number): number {
  let hits = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = (px + (sx + 0.5) / SAMPLES) / size;
      const y = (py + (sy + 0.5) / SAMPLES) / size;
      if (inSilhouette(x, y)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

function mix(a: number, b: number, t: number): number {
  return Math.round(a + (b - a) * t);
}

/** Renders one variant: a soft vertical gradient of its colour with a light person silhouette. */
function render(variant: number): Buffer {
  // Loaded by the first avatar drawn: an idle server doesn't hold the PNG encoder.
  const { PNG } = createRequire(import.meta.url)('pngjs') as typeof import('pngjs');
  const size = DEFAULT_AVATAR_SIZE;
  const base = PALETTE[variant - 1] ?? PALETTE[0]!;
  const png = new PNG({ width: size, height: size, colorType: 2 });
  for (let y = 0; y < size; y++) {
    // Lighter at the top, darker at the bottom.
    const shade = 1.12 - (0.24 * y) / (size - 1);
    const bg = base.map((c) => Math.min(255, Math.round(c * shade)));
    for (let x = 0; x < size; x++) {
      const t = coverage(x, y, size) * 0.88;
      const i = (y * size + x) * 4;
      png.data[i] = mix(bg[0]!, 255, t);
      png.data[i + 1] = mix(bg[1]!, 255, t);
      png.data[i + 2] = mix(bg[2]!, 255, t);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
}

const renderedOnce = remembered((variant: number) => String(variant), render);

/** The PNG default avatar for a user id; each variant is rendered once and kept in memory. */
export function defaultAvatarPng(id: string): Buffer {
  return renderedOnce(defaultAvatarVariant(id));
}
