import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// The relay serves dist/app; the service worker and manifest are finished by the
// "Installable PWA" work. 'prompt' keeps a new version from reloading a phone in use.
export default defineConfig({
  build: { outDir: 'dist/app', emptyOutDir: true },
  plugins: [
    react(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: null,
      manifest: {
        name: 'Crowdstick',
        short_name: 'Crowdstick',
        description: 'Your phone is the controller.',
        display: 'standalone',
        theme_color: '#101418',
        background_color: '#101418',
      },
      workbox: {
        navigateFallbackDenylist: [/^\/ws/, /^\/healthz/, /^\/qr/, /^\/monitor/],
      },
    }),
  ],
  server: {
    proxy: { '/ws': { target: 'ws://localhost:8080', ws: true } },
  },
});
