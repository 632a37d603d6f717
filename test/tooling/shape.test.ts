/**
 * The shape the code keeps (CONTRIBUTING.md): every line of code within the formatter's width
 * (120, biome.json: the formatter cannot break strings or comments, so this checks what it
 * leaves), and a file of code over 350 lines says at its top why it is long.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const WIDTH = (JSON.parse(readFileSync(path.join(root, 'biome.json'), 'utf8')) as { formatter: { lineWidth: number } })
  .formatter.lineWidth;
const LONG_FILE_LINES = 350;

const code = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts', '*.js'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f && !f.startsWith('node_modules/') && !f.endsWith('.d.ts'));

it(`no line of code is over ${WIDTH} characters`, () => {
  const over: string[] = [];
  for (const f of code) {
    const lines = readFileSync(path.join(root, f), 'utf8').split('\n');
    lines.forEach((l, i) => {
      if (l.length > WIDTH) over.push(`${f}:${i + 1} (${l.length})`);
    });
  }
  expect(over).toEqual([]);
});

it(`a file of code over ${LONG_FILE_LINES} lines says why at its top ("Long because …")`, () => {
  const unexplained = code
    .filter((f) => !f.startsWith('test/'))
    .filter((f) => {
      const text = readFileSync(path.join(root, f), 'utf8');
      return text.split('\n').length > LONG_FILE_LINES && !/Long because/.test(text.slice(0, 5000));
    });
  expect(unexplained).toEqual([]);
});
