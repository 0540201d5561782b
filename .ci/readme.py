"""README.md from nbs/index.ipynb (nbdev_readme needs quarto, which these machines cannot install).

python .ci/readme.py          write README.md
python .ci/readme.py --check  fail if README.md differs from what index.ipynb gives
"""
import json, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
cells = json.loads((root / 'nbs' / 'index.ipynb').read_text())['cells']
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
