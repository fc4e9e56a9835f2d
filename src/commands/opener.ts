/**
 * The command that opens a file in the user's browser: $BROWSER when set (as many tools honour it),
 * else the system's opener (open on macOS, start on Windows, xdg-open elsewhere). Pure.
 */
export function opener(file: string, env: Record<string, string | undefined>, platform: NodeJS.Platform): { command: string; args: string[] } {
  if (env.BROWSER) return { command: env.BROWSER, args: [file] };
  if (platform === 'darwin') return { command: 'open', args: [file] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', file] };
  return { command: 'xdg-open', args: [file] };
}
