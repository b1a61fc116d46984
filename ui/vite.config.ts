// Builds the window's front end into ui/dist, which the Tauri crate embeds at compile time.
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

export default defineConfig({
  plugins: [svelte()],
  build: { outDir: "dist", emptyOutDir: true, target: "safari15" },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
