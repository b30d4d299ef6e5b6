// The simulator page as one self-contained HTML file: scripts, styles, the Web Worker and the
// WebAssembly model inlined (vite-plugin-singlefile), so that it opens from file:// offline.
// CMake runs this in the build tree (model/web/CMakeLists.txt); the scenario is put in later by
// `clustersim app`.
import { defineConfig } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

export default defineConfig({
  base: './',
  logLevel: 'warn',
  plugins: [viteSingleFile({ removeViteModuleLoader: true })],
  // Classic workers: Chromium refuses module workers from blob: URLs of a file:// page.
  worker: { format: 'iife' },
  build: {
    target: 'es2020',
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 100000000,
    chunkSizeWarningLimit: 10000,
    reportCompressedSize: false,
  },
});
