import fs from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod/v3';

const dispositionSchema = z
  .string()
  .regex(
    /^(check:[a-z0-9-]+|attestation:[A-Za-z0-9]+|out-of-scope)$/,
    'expected check:<id>, attestation:<id> or out-of-scope',
  );

const lineSchema = z
  .object({
    line: z.number().int().positive(),
    text: z.string().min(1),
    disposition: dispositionSchema,
    reason: z.string().optional(),
  })
  .strict();

const mapSchema = z
  .object({
    reasons: z.record(z.string().min(1)),
    checklists: z.array(
      z
        .object({ file: z.string().min(1), lines: z.array(lineSchema) })
        .strict(),
    ),
  })
  .strict();

/** The coverage map: where each checklist line ends up. */
export type CoverageMap = z.infer<typeof mapSchema>;

/** One mapped line, flattened with the file it belongs to. */
export interface MappedLine {
  file: string;
  line: number;
  text: string;
  disposition: string;
  reason?: string;
}

/** Reads and validates the map; a malformed file throws with the path to the problem. */
export async function readCoverageMap(file: string): Promise<CoverageMap> {
  const result = mapSchema.safeParse(parse(await fs.readFile(file, 'utf8')));
  if (!result.success) {
    const issues = result.error.issues
      .map(i => `${i.path.join('.')}: ${i.message}`)
      .join('; ');
    throw new Error(`Invalid coverage map ${file}: ${issues}`);
  }
  return result.data;
}

export function mappedLines(map: CoverageMap): MappedLine[] {
  return map.checklists.flatMap(c =>
    c.lines.map(l => ({ file: c.file, ...l })),
  );
}
