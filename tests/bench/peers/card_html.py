"""The peer's input: the same card as an HTML page (absolutely placed text in mm, the photo as an
<img>, the DejaVu fonts by @font-face), the way web-based issuance systems print a card, and a
page of BATCH such cards one per printed page.

Usage: card_html.py ITEMS.json OUTDIR BATCH -> OUTDIR/card.html, OUTDIR/cards-BATCH.html; prints "ok".
"""
import html
import json
import sys

job = json.load(open(sys.argv[1]))
outdir, batch = sys.argv[2], int(sys.argv[3])
w, h = job["width_mm"], job["height_mm"]
INK = {"black": "#000", "red": "rgb(217,26,26)"}


def card_div():
    parts = [f'<div class="card">']
    for it in job["items"]:
        if it["kind"] == "text":
            # y is the baseline: place the box so its baseline sits there (line-height 1, ascent ~0.76 em).
            size_mm = it["size_pt"] * 25.4 / 72
            style = (f'left:{it["x_mm"]}mm;top:{it["y_mm"] - 0.76 * size_mm:.3f}mm;font-size:{it["size_pt"]}pt;'
                     f'font-weight:{"bold" if it["bold"] else "normal"};color:{INK[it["ink"]]};')
            if it["angle_deg"]:
                style += f'transform:rotate({-it["angle_deg"]}deg);transform-origin:0 76%;'
            parts.append(f'<span style="{style}">{html.escape(it["text"])}</span>')
        elif it["kind"] == "image":
            parts.append(f'<img src="file://{it["file"]}" style="left:{it["x_mm"]}mm;top:{it["y_mm"]}mm;'
                         f'width:{it["width_mm"]}mm;height:{it["height_mm"]}mm">')
    parts.append("</div>")
    return "".join(parts)


head = f"""<!doctype html><html><head><meta charset="utf-8"><style>
@font-face {{ font-family: DejaVuC; src: url("file://{job['font_regular']}"); font-weight: normal; }}
@font-face {{ font-family: DejaVuC; src: url("file://{job['font_bold']}"); font-weight: bold; }}
@page {{ size: {w}mm {h}mm; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
.card {{ position: relative; width: {w}mm; height: {h}mm; overflow: hidden; page-break-after: always; font-family: DejaVuC; }}
.card span, .card img {{ position: absolute; white-space: pre; line-height: 1; }}
</style></head><body>"""
one = card_div()
open(f"{outdir}/card.html", "w").write(head + one + "</body></html>")
open(f"{outdir}/cards-{batch}.html", "w").write(head + one * batch + "</body></html>")
print("ok")
