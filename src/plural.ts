/** "1 page", "3 pages": a count with its noun (an English plural in -s). */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
