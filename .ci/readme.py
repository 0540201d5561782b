"""README.md from nbs/index.ipynb (nbdev_readme needs quarto, which these machines cannot install).

python .ci/readme.py            write README.md
python .ci/readme.py --check    fail if README.md differs from what index.ipynb gives
python .ci/readme.py --execute  first re-compute the headline: execute index.ipynb against the results store and
                                keep the outputs of its `#| echo: false` cells (nothing else of the run), then write
"""
import json, subprocess, sys, tempfile
from pathlib import Path

root = Path(__file__).resolve().parent.parent
index = root / 'nbs' / 'index.ipynb'
if '--execute' in sys.argv:
    import papermill as pm
    ran = Path(tempfile.mkdtemp()) / 'index.ipynb'
    pm.execute_notebook(str(index), str(ran), cwd=str(root), progress_bar=False, kernel_name='python3')
    nb, done = json.loads(index.read_text()), json.loads(ran.read_text())['cells']
    for c, r in zip(nb['cells'], done):
        if c['cell_type'] == 'code' and '#| echo: false' in ''.join(c['source']): c['outputs'] = r['outputs']
    index.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
    subprocess.run(['nbdev_clean', '--fname', str(index)], check=True, cwd=root)
cells = json.loads(index.read_text())['cells']
out = ['<!-- generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, then run `python .ci/readme.py` -->']
for c in cells:
    src = ''.join(c['source']).strip()
    if not src or src.startswith('#| hide'): continue
    if c['cell_type'] == 'markdown': out.append(src)
    elif '#| echo: false' in src:  # a cell that writes Markdown: its output goes in, its code does not
        out += [''.join(o['data']['text/markdown']).strip() for o in c.get('outputs', []) if 'text/markdown' in o.get('data', {})]
    else: out.append(f'```python\n{src}\n```')
text = '\n\n'.join(out) + '\n'
readme = root / 'README.md'
if '--check' in sys.argv:
    if not readme.exists() or readme.read_text() != text:
        sys.exit('README.md is out of date with nbs/index.ipynb: run `python .ci/readme.py` and commit it')
    print('README.md matches nbs/index.ipynb')
else:
    readme.write_text(text)
