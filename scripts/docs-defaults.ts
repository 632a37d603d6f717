/** Writes docs/defaults.md from the model's registry: `npm run docs:defaults`. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultsMarkdown } from '../lambda/engine/defaultsTable';

const file = path.join(__dirname, '..', 'docs', 'defaults.md');
writeFileSync(file, defaultsMarkdown());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
