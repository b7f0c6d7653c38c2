import fs from 'node:fs/promises';
import path from 'node:path';

/** One checklist item (`- [ ] ...` or `1. [ ] ...`) of a source checklist. */
export interface ChecklistItem {
  file: string;
  line: number;
  text: string;
}

// Nested items count too: several checklists indent sub-items under a
// parent item, and each one is a separate thing to tick.
const ITEM = /^\s*(?:[-*]|\d+\.)\s+\[ \]\s+(.*)$/;

/** The checklist items of one file, with 1-based line numbers. */
export function parseChecklist(file: string, content: string): ChecklistItem[] {
  return content.split('\n').flatMap((raw, index) => {
    const match = ITEM.exec(raw);
    return match ? [{ file, line: index + 1, text: match[1].trim() }] : [];
  });
}

/** Every checklist item of every `.txt` file in a folder, files in name order. */
export async function readChecklists(dir: string): Promise<ChecklistItem[]> {
  const files = (await fs.readdir(dir)).filter(f => f.endsWith('.txt')).sort();
  const items = await Promise.all(
    files.map(async file =>
      parseChecklist(file, await fs.readFile(path.join(dir, file), 'utf8')),
    ),
  );
  return items.flat();
}
