import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { compression } from 'vite-plugin-compression2';

/**
 * Paths the relay answers itself (PROTOCOL.md, "One process, one port"). The
 * service worker must pass navigations to them on to the network instead of
 * answering with the cached index.html.
 */
export const RELAY_ROUTES = ['/ws', '/healthz', '/qr', '/monitor'] as const;

const BACKGROUND = '#101418';

const PRELOAD_HELPER_ID = '\0vite/preload-helper.js';

/**
 * Vite wraps every dynamic import in a preload helper (about 0.6 kB gzip) that
 * fetches the lazy chunk's CSS and imports ahead of it. Here a lazy chunk has
 * no CSS (all of it is in styles.css) and its imports are already loaded, so
 * the helper never has work to do: this swaps in one that only imports.
 * Should a Vite version stop routing through this id, the helper comes back
 * and the initial bundle grows by that much; nothing breaks.
 */
function plainDynamicImports(): Plugin {
  return {
    name: 'crowdstick:plain-dynamic-imports',
    enforce: 'pre',
    apply: 'build',
    resolveId: (id) => (id === PRELOAD_HELPER_ID ? id : undefined),
    load: (id) =>
      id === PRELOAD_HELPER_ID ? 'export const __vitePreload = (load) => load();' : undefined,
  };
}

// The relay serves dist/app. For a static host under a sub-path, build with
// `npx vite build --base /sub/path/`: the manifest's start_url and scope, the
// service worker's scope and every asset URL follow the base.
export default defineConfig({
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    // Lists every chunk and its imports, so a test can tell what the first load fetches.
    manifest: true,
    // Every browser that runs the app supports modulepreload; the polyfill and
    // the preload helper would only grow the initial bundle.
    modulePreload: false,
    // Two pages: the phone app, and the installation monitor served at /monitor,
    // which shares no code with the app, so the phone never downloads it.
    rolldownOptions: { input: ['index.html', 'monitor.html'] },
  },
  plugins: [
    plainDynamicImports(),
    react(),
    // Brotli and gzip copies beside each file, made once at build time, which
    // the relay serves to browsers that accept them (a phone on busy venue
    // Wi-Fi then loads a third of the bytes).
    compression({ algorithms: ['brotliCompress', 'gzip'] }),
    VitePWA({
      // A new version waits for the next launch or the "Update" button; autoUpdate
      // would reload a phone in the middle of a game.
      registerType: 'prompt',
      // Registered from the lazy chunk (src/extras/serviceWorker.ts), not from index.html.
      injectRegister: null,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: 'Crowdstick',
        short_name: 'Crowdstick',
        description: 'Your phone is the controller: a joystick and sliders for the installation.',
        display: 'standalone',
        orientation: 'any',
        theme_color: BACKGROUND,
        background_color: BACKGROUND,
        categories: ['entertainment', 'games'],
        // start_url and scope default to the build's base, so they stay right
        // under a sub-path too; the installed app finds its relay through the
        // remembered ?ws= (src/socketMemory.ts).
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: 'icons/maskable-192.png',
            sizes: '192x192',
            type: 'image/png',
            purpose: 'maskable',
          },
          {
            src: 'icons/maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // The monitor is the relay's page, not the app's: precached, `/monitor` would
        // be answered from the cache (Workbox matches it to monitor.html).
        globIgnores: ['monitor.html', 'assets/monitor-*'],
        navigateFallback: 'index.html',
        // Matched against path and query: `/qr`, `/qr?x`, `/monitor/...`, but not `/qrcode`.
        navigateFallbackDenylist: RELAY_ROUTES.map((route) => new RegExp(`^${route}(?:[/?]|$)`)),
      },
    }),
  ],
  server: {
    proxy: { '/ws': { target: 'ws://localhost:8080', ws: true } },
  },
});
