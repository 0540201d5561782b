"""Render executed notebooks the way a reader sees them and check that every table and figure is there.

python .ci/render_check.py                 every reports/**/*.ipynb (the committed executed reports)
python .ci/render_check.py A.ipynb B.ipynb  these notebooks
python .ci/render_check.py --self-test     check the checker: a page that loses a figure must FAIL

For each notebook: nbconvert writes reports/_html/<name>.html (gitignored); headless Chromium dumps the DOM of
that page after load and takes a PNG screenshot of the whole page. Counted in the output areas only (markdown
cells are not outputs): tables (`<table`) and embedded PNG images (`<img src="data:image/png;base64,...">`).
A page is OK when
- the notebook has no error outputs,
- the HTML holds at least the tables and figures the notebook's own outputs hold (every text/html output with a
  table, every image/png output),
- the browser's DOM holds as many, every table has rows and every figure decoded to a non-empty image (a probe
  script writes each image's natural size into the DOM: this shows the browser rendered them, not only that the
  HTML file contains them),
- the screenshot exists and is not blank (more than a trivial number of distinct colours).
One line per page, counts as notebook / HTML / browser DOM; the exit status is 1 when any page fails.
"""
import argparse, base64, io, json, os, re, shutil, signal, subprocess, sys, tempfile, time
from html.parser import HTMLParser
from pathlib import Path

root = Path(__file__).resolve().parent.parent
OUT = root / 'reports' / '_html'
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser') or shutil.which('google-chrome') or 'chromium'
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--no-first-run', '--disable-quic', '--hide-scrollbars',
         '--host-resolver-rules=MAP * ~NOTFOUND']  # no network here: CDN scripts fail at once instead of stalling the load
WIDTH, MIN_H, MAX_H = 1280, 800, 12000
MIN_COLOURS = 16
# nbconvert's HTML shows one representation per output, the first of these it finds
PRIORITY = ['application/vnd.jupyter.widget-view+json', 'application/javascript', 'text/html', 'text/markdown',
            'image/svg+xml', 'text/latex', 'image/png', 'image/jpeg', 'text/plain']
PROBE = """<script>window.addEventListener('load', () => {
  for (const im of document.images) im.setAttribute('data-natural', im.naturalWidth + 'x' + im.naturalHeight);
  for (const t of document.querySelectorAll('table')) t.setAttribute('data-rows', t.rows.length);
  document.body.setAttribute('data-page-height', document.documentElement.scrollHeight);
});</script>"""

def _src(x): return ''.join(x) if isinstance(x, list) else (x or '')

def expected(nb):
    "What the notebook's own outputs show: {'tables', 'figures', 'errors', 'outputs'}."
    res = dict(tables=0, figures=0, errors=0, outputs=0)
    for c in nb.get('cells', []):
        for o in c.get('outputs', []) if c.get('cell_type') == 'code' else []:
            res['outputs'] += 1
            if o.get('output_type') == 'error': res['errors'] += 1; continue
            data = o.get('data', {})
            shown = next((m for m in PRIORITY if m in data), None)
            if shown == 'text/html':
                html = _src(data['text/html'])
                res['tables'] += len(re.findall(r'<table\b', html, re.I))
                res['figures'] += len(re.findall(r'<img\b[^>]*src=["\']data:image/png;base64,', html, re.I))
            elif shown == 'image/png': res['figures'] += 1
    return res

class _Counter(HTMLParser):
    "Tables and base64 PNG images inside notebook output areas (lab or classic nbconvert template)."
    OUTPUT = {'jp-OutputArea-output', 'output_subarea'}
    VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'}
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.tables, self.figures = [], [], []
    def _in_output(self): return any(is_out for _, is_out in self.stack)
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        is_out = bool(self.OUTPUT & set((a.get('class') or '').split()))
        if is_out or self._in_output():
            if tag == 'table': self.tables.append(a.get('data-rows'))
            if tag == 'img' and (a.get('src') or '').startswith('data:image/png;base64,'):
                self.figures.append(a.get('data-natural'))
        if tag not in self.VOID: self.stack.append((tag, is_out))
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID: self.handle_endtag(tag)
    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):  # tolerate unclosed tags: pop back to the matching one
            if self.stack[i][0] == tag: del self.stack[i:]; break

def count(html):
    "(tables, figures) in the output areas of an HTML page, each a list of the probe's attribute (None if unprobed)."
    p = _Counter(); p.feed(html); p.close()
    return p.tables, p.figures

def compare(exp, html_counts, dom_counts):
    "Reasons for failure (empty when the page is OK)."
    why = []
    (ht, hf), (dt, df) = html_counts, dom_counts
    if exp['errors']: why.append(f"{exp['errors']} error output(s) in the notebook")
    if len(ht) < exp['tables']: why.append(f"HTML has {len(ht)} of {exp['tables']} tables")
    if len(hf) < exp['figures']: why.append(f"HTML has {len(hf)} of {exp['figures']} figures")
    if len(dt) != len(ht): why.append(f"browser DOM has {len(dt)} tables, the HTML {len(ht)}")
    if len(df) != len(hf): why.append(f"browser DOM has {len(df)} figures, the HTML {len(hf)}")
    if any(r in (None, '0') for r in dt): why.append('a table rendered without rows')
    if any(n is None or n.startswith('0x') or n.endswith('x0') for n in df): why.append('a figure did not decode in the browser')
    return why

def chromium(args, timeout=60):
    "Run headless Chromium with a fresh profile; kill its whole process group on timeout and after exit."
    with tempfile.TemporaryDirectory(prefix='render-check-') as prof:
        p = subprocess.Popen([CHROMIUM, *FLAGS, f'--user-data-dir={prof}', *args], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, start_new_session=True)
        try: out, _ = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired: out = None
        finally:
            try: os.killpg(p.pid, signal.SIGKILL)  # crashpad and zygote children outlive the browser otherwise
            except ProcessLookupError: pass
            p.wait()
    if out is None: raise TimeoutError(f'chromium did not finish in {timeout}s: {" ".join(args[-2:])}')
    return out.decode('utf-8', 'replace')

def not_blank(png):
    "(ok, width, height, distinct colours) of a screenshot."
    from PIL import Image
    if not png.exists() or png.stat().st_size == 0: return False, 0, 0, 0
    im = Image.open(png).convert('RGB')
    colours = im.getcolors(maxcolors=1 << 16)
    n = len(colours) if colours is not None else 1 << 16
    return n > MIN_COLOURS, im.width, im.height, n

def to_html(nb, dest):
    "nbconvert's HTML for an executed notebook, images embedded so the page stands alone."
    import nbformat
    from nbconvert import HTMLExporter
    body, _ = HTMLExporter(embed_images=True).from_notebook_node(nbformat.reads(json.dumps(nb), as_version=4))
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(body, encoding='utf-8')
    return body

def check_page(nb, html_path, tamper=None, timeout=60):
    "Render one notebook and check it: a dict for the report line. `tamper(html) -> html` is for the self-test."
    exp = expected(nb)
    html = to_html(nb, html_path)
    if tamper: html = tamper(html); html_path.write_text(html, encoding='utf-8')
    probe = html_path.with_name(html_path.stem + '.probe.html')
    i = html.rfind('</body>')
    probe.write_text(html[:i] + PROBE + html[i:] if i >= 0 else html + PROBE, encoding='utf-8')
    try:
        dom = chromium([f'--window-size={WIDTH},{MIN_H // 4}', '--dump-dom', probe.as_uri()], timeout)
        m = re.search(r'data-page-height="(\d+)"', dom)
        height = min(max(int(m.group(1)) if m else MAX_H, MIN_H), MAX_H)
        shot = html_path.with_suffix('.png')
        shot.unlink(missing_ok=True)
        chromium([f'--window-size={WIDTH},{height}', f'--screenshot={shot}', probe.as_uri()], timeout)
    finally: probe.unlink(missing_ok=True)
    in_html, in_dom = count(html), count(dom)
    why = compare(exp, in_html, in_dom)
    ok_shot, w, h, colours = not_blank(shot)
    if not ok_shot: why.append(f'screenshot missing or blank ({colours} colours)')
    if not m: why.append('the probe did not run in the browser')
    return dict(exp=exp, html=in_html, dom=in_dom, shot=(w, h, colours), why=why)

def line(name, r):
    (ht, hf), (dt, df), e = r['html'], r['dom'], r['exp']
    w, h, colours = r['shot']
    note = '' if e['outputs'] else ' (no outputs: not executed?)'
    status = 'OK' if not r['why'] else 'FAIL: ' + '; '.join(r['why'])
    return (f"{name}  tables {e['tables']}/{len(ht)}/{len(dt)}  figures {e['figures']}/{len(hf)}/{len(df)}"
            f"  screenshot {w}x{h} {colours} colours  {status}{note}")

def _pages(args):
    if args: return [Path(a).resolve() for a in args]
    # the report notebooks and the benchmark; the executed experiment notebooks under reports/runs/ are records, not pages
    return sorted([*(root / 'reports').glob('*.ipynb'), *(root / 'reports' / 'benchmark').glob('*.ipynb')])

def _name(p):
    try: return p.relative_to(root).as_posix()
    except ValueError: return str(p)

def _html_path(p):
    "reports/x/y.ipynb -> reports/_html/x/y.html; a notebook outside reports/ -> reports/_html/<stem>.html"
    try: rel = p.relative_to(root / 'reports')
    except ValueError: rel = Path(p.name)
    return OUT / rel.with_suffix('.html')

def self_test():
    "A synthetic executed notebook (a table, a figure) must pass; losing its figure in the HTML or in the browser must fail."
    import nbformat
    from PIL import Image, ImageDraw
    buf = io.BytesIO()
    im = Image.new('RGB', (320, 200), 'white'); d = ImageDraw.Draw(im)
    for i in range(10): d.line([(0, 20 * i), (320, 200 - 20 * i)], fill=(30 * i % 255, 90, 200 - 15 * i), width=3)
    im.save(buf, 'PNG')
    png = base64.b64encode(buf.getvalue()).decode()
    table = '<table border="1"><thead><tr><th>task</th><th>acc</th></tr></thead><tbody><tr><td>0</td><td>91.2</td></tr></tbody></table>'
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell('# Self-test\n\n| markdown | tables are not outputs |\n|---|---|\n| 1 | 2 |'),
        nbformat.v4.new_code_cell('df', outputs=[nbformat.v4.new_output('execute_result', execution_count=1,
            data={'text/html': table, 'text/plain': 'task acc'})]),
        nbformat.v4.new_code_cell('fig', outputs=[nbformat.v4.new_output('display_data',
            data={'image/png': png, 'text/plain': '<Figure>'})])])
    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell('# Nothing'), nbformat.v4.new_code_cell('1+1')])
    drop_img = lambda h: re.sub(r'<img\b[^>]*src="data:image/png;base64,[^"]*"[^>]*>', '', h, count=1)
    js_drop = lambda h: h.replace('</body>', "<script>document.querySelector('.jp-OutputArea-output img').remove()</script></body>", 1)
    bad_png = lambda h: h.replace(png[:40], 'AAAA' + png[44:84], 1)
    cases = [('table + figure', nb, None, True), ('no outputs', empty, None, True),
             ('figure deleted from the HTML', nb, drop_img, False),
             ('figure removed by a script in the browser', nb, js_drop, False),
             ('figure that does not decode', nb, bad_png, False)]
    bad = 0
    with tempfile.TemporaryDirectory(prefix='render-self-test-') as d:
        for i, (name, n, tamper, want_ok) in enumerate(cases):
            r = check_page(json.loads(nbformat.writes(n)), Path(d) / f'case{i}.html', tamper)
            got_ok = not r['why']
            bad += got_ok != want_ok
            print(('ok   ' if got_ok == want_ok else 'WRONG') + f' [{name}: expected {"OK" if want_ok else "FAIL"}] ' + line(name, r))
        blank, shot = Path(d) / 'blank.html', Path(d) / 'blank.png'
        blank.write_text('<html><body></body></html>')
        chromium([f'--window-size={WIDTH},{MIN_H}', f'--screenshot={shot}', blank.as_uri()])
        ok, *_, colours = not_blank(shot)
        bad += ok
        print(('ok   ' if not ok else 'WRONG') + f' [blank page: expected a blank screenshot] {colours} colour(s)')
        assert not not_blank(Path(d) / 'missing.png')[0]
    # the comparison alone, without a browser
    exp = dict(tables=1, figures=2, errors=0, outputs=3)
    assert compare(exp, ([None], [None, None]), (['3'], ['640x480', '640x480'])) == []
    assert compare(exp, ([None], [None]), (['3'], ['640x480']))  # a figure missing from HTML and DOM
    assert compare(exp, ([None], [None, None]), (['3'], ['640x480']))  # the browser lost one
    assert compare(exp, ([None], [None, None]), (['3'], ['640x480', '0x0']))  # one did not decode
    assert compare({**exp, 'errors': 1}, ([None], [None, None]), (['3'], ['640x480', '640x480']))
    assert compare(dict(tables=0, figures=0, errors=0, outputs=0), ([], []), ([], [])) == []
    print('self-test', 'passed' if not bad else f'FAILED ({bad} case(s) judged wrongly)')
    return 1 if bad else 0

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebooks', nargs='*', help='executed notebooks (default: reports/*.ipynb and reports/benchmark/*.ipynb)')
    ap.add_argument('--timeout', type=int, default=60, help='seconds for each Chromium call')
    ap.add_argument('--self-test', action='store_true', help='check the checker on synthetic pages')
    a = ap.parse_args()
    if a.self_test: return self_test()
    pages = _pages(a.notebooks)
    if not pages: print('no executed notebooks under reports/'); return 0
    print('tables and figures counted as notebook outputs / HTML / browser DOM')
    fails = 0
    for p in pages:
        t = time.time()
        try:
            r = check_page(json.loads(p.read_text(encoding='utf-8')), _html_path(p), timeout=a.timeout)
            msg, failed = line(_name(p), r), bool(r['why'])
        except Exception as e: msg, failed = f'{_name(p)}  FAIL: {type(e).__name__}: {e}', True
        fails += failed
        print(f'{msg}  ({time.time() - t:.1f}s)', flush=True)
    print(f'{len(pages) - fails} of {len(pages)} pages OK; HTML and screenshots in {_name(OUT)}/')
    return 1 if fails else 0

if __name__ == '__main__': sys.exit(main())
