// A problem found while loading or validating a dataset: where it is, what it is, how bad.

export interface Problem {
  severity: 'violation' | 'warning' | 'info';
  message: string;
  file?: string;
  line?: number;
  column?: number;
  focusNode?: string;
  path?: string;
  value?: string;
}

/** One line per problem, `file:line:column: severity: message (focus, path, value)`. */
export function formatProblem(p: Problem): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}: ` : '';
  const details = [p.focusNode && `focus <${p.focusNode}>`, p.path && `path <${p.path}>`, p.value !== undefined && `value ${p.value}`]
    .filter(Boolean)
    .join(', ');
  return `${where}${p.severity}: ${p.message}${details ? ` (${details})` : ''}`;
}
