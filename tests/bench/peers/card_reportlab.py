"""The peer: the same card drawn with ReportLab, item for item from our layout's JSON.

Usage: card_reportlab.py ITEMS.json OUTDIR BATCH
Writes OUTDIR/card-reportlab.pdf and prints {"version", "cold_ms", "warm_ms", "batch_ms"}: the
first card in this process (fonts registered), the median of 30 warm cards, and BATCH card PDFs
one after another, each its own file in memory, as a print station would send them.
"""
import io
import json
import statistics
import sys
import time

import reportlab
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

job = json.load(open(sys.argv[1]))
outdir, batch = sys.argv[2], int(sys.argv[3])
W, H = job["width_mm"] * mm, job["height_mm"] * mm
INK = {"black": (0, 0, 0), "red": (0.85, 0.1, 0.1)}
registered = False


def card(out):
    global registered
    if not registered:
        # Embedded TrueType fonts are subset by ReportLab on save, as ours are.
        pdfmetrics.registerFont(TTFont("DejaVuC", job["font_regular"]))
        pdfmetrics.registerFont(TTFont("DejaVuC-Bold", job["font_bold"]))
        registered = True
    c = canvas.Canvas(out, pagesize=(W, H))
    for it in job["items"]:
        kind = it["kind"]
        if kind == "text":
            c.saveState()
            c.setFillColorRGB(*INK[it["ink"]])
            c.setFont("DejaVuC-Bold" if it["bold"] else "DejaVuC", it["size_pt"])
            c.translate(it["x_mm"] * mm, H - it["y_mm"] * mm)
            if it["angle_deg"]:
                c.rotate(it["angle_deg"])
            c.drawString(0, 0, it["text"])
            c.restoreState()
        elif kind == "image":
            c.drawImage(it["file"], it["x_mm"] * mm, H - (it["y_mm"] + it["height_mm"]) * mm, it["width_mm"] * mm, it["height_mm"] * mm, mask="auto")
        elif kind == "line":
            c.setLineWidth(it["width_mm"] * mm)
            c.line(it["x1_mm"] * mm, H - it["y1_mm"] * mm, it["x2_mm"] * mm, H - it["y2_mm"] * mm)
    c.showPage()
    c.save()


def timed(f):
    t = time.perf_counter()
    f()
    return (time.perf_counter() - t) * 1000.0


cold = timed(lambda: card(f"{outdir}/card-reportlab.pdf"))
for _ in range(3):
    card(io.BytesIO())
warm = statistics.median(timed(lambda: card(io.BytesIO())) for _ in range(30))
batch_ms = timed(lambda: [card(io.BytesIO()) for _ in range(batch)])
print(json.dumps({"version": reportlab.Version, "cold_ms": cold, "warm_ms": warm, "batch_ms": batch_ms}))
