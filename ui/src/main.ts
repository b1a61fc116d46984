// Entry point of the station window, and of the lobby's own window (opened at
// index.html#layar-publik for the waiting room's TV): that one shows the lobby screen alone.
import { mount } from "svelte";
import App from "./App.svelte";
import LayarPublik from "./screens/LayarPublik.svelte";
import { layarPublikPenuh, layarPublikTutup } from "./lib/ipc";
import "./app.css";

const target = document.getElementById("app");
if (target && location.hash === "#layar-publik") {
  mount(LayarPublik, { target, props: { onClose: () => void layarPublikTutup() } });
  // Dragged to the TV by hand (one monitor when it opened): F11 or a double click fills it.
  window.addEventListener("keydown", (e) => {
    if (e.key === "F11") {
      e.preventDefault();
      void layarPublikPenuh();
    }
  });
  window.addEventListener("dblclick", () => void layarPublikPenuh());
} else if (target) {
  mount(App, { target });
}
