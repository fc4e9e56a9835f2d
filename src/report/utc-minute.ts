/** An ISO time as the review writes it: `2026-12-04 10:15 UTC`. Pure. */
export const utcMinute = (iso: string): string => iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
