// `npm run icons`: renders every PNG icon from public/favicon.svg, the one
// source of the artwork. The PNGs are committed, so a build needs no image
// tooling; run this again after changing the SVG.
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const source = join(root, 'public', 'favicon.svg');
/** The manifest's background_color: maskable and Apple icons are opaque squares of it. */
const BACKGROUND = '#101418';

/**
 * `any` icons keep the SVG's rounded corners on transparency. Maskable and
 * Apple icons fill the square: the platform cuts its own shape, and iOS would
 * turn transparency black. The artwork's rounded square has the background's
 * colour, so on the opaque square its corners simply disappear.
 */
const ICONS = [
  { file: 'icons/icon-192.png', size: 192, opaque: false },
  { file: 'icons/icon-512.png', size: 512, opaque: false },
  { file: 'icons/maskable-192.png', size: 192, opaque: true },
  { file: 'icons/maskable-512.png', size: 512, opaque: true },
  { file: 'apple-touch-icon.png', size: 180, opaque: true },
];

const svg = await readFile(source);
for (const { file, size, opaque } of ICONS) {
  const target = join(root, 'public', file);
  mkdirSync(dirname(target), { recursive: true });
  // Rendered at the target size (not scaled down from a bitmap), so edges stay crisp.
  let image = sharp(svg, { density: (72 * size) / 512 }).resize(size, size);
  if (opaque) image = image.flatten({ background: BACKGROUND });
  await image.png({ compressionLevel: 9, palette: false }).toFile(target);
  console.log(`${file}: ${size}x${size}${opaque ? ', opaque' : ''}`);
}
