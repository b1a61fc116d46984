// Minimal station window (issue 3 replaces it with the full UI): shows the print queue and stock.
"use strict";

const invoke = (cmd, args) => window.__TAURI__.core.invoke(cmd, args);

const LAYANAN = { perubahan_data: "Perubahan data", hilang: "Hilang", rusak: "Rusak", baru: "Baru" };
const KANAL = { loket: "Loket", paktuwa: "PAKTUWA", online: "Online" };
const STATUS = { queued: "Menunggu cetak", printing: "Sedang dicetak", held_for_reprint: "Menunggu persetujuan cetak ulang" };

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}

function showError(e) {
  const p = document.getElementById("pesan");
  p.className = "galat";
  p.textContent = (e && e.message) || String(e);
}

async function refresh() {
  try {
    const info = await invoke("info");
    document.getElementById("stok").textContent = `Stok blanko: ${info.stock.in_stock}`;
    document.getElementById("db").textContent = `Basis data: ${info.db_path}`;
    const items = await invoke("antrian");
    const body = document.querySelector("#antrian tbody");
    body.replaceChildren();
    for (const q of items) {
      const tr = document.createElement("tr");
      if (q.overdue) tr.className = "terlambat";
      const left = q.overdue ? `Terlambat ${-q.minutes_left} menit` : `${q.minutes_left} menit`;
      tr.append(cell(q.request_id), cell(LAYANAN[q.service]), cell(KANAL[q.channel]), cell(q.nik), cell(q.nama), cell(STATUS[q.status] || q.status), cell(left));
      body.append(tr);
    }
    document.getElementById("pesan").textContent = items.length ? "" : "Tidak ada permohonan yang menunggu cetak.";
  } catch (e) {
    showError(e);
  }
}

window.addEventListener("DOMContentLoaded", () => {
  refresh();
  setInterval(refresh, 10000);
});
