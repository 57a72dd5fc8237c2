// Data written as small tables and lists in template literals, so the audience data reads like
// the tables it is (and a formatter leaves it alone), parsed once at module load.
import type { Traits } from '../../types';

export interface ArchetypeTemplate {
  name: string;
  description: string;
  /** Relative weight within its ring. */
  weight: number;
  traits: Traits;
}

/** Items of a list written as prose: separated by ";" (or "," for keywords), wrapped freely. */
export function list(text: string, separator = ';'): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

export function words(text: string): string[] {
  return list(text, ',').map((word) => word.toLowerCase());
}

/**
 * Archetypes written as a table, one a line: name | what they are like | weight | trait centre
 * as five numbers in the order attention, skepticism, expertise, price sensitivity, intent.
 */
export function table(text: string): ArchetypeTemplate[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [name = '', description = '', weight = '1', centre = ''] = line
        .split('|')
        .map((cell) => cell.trim());
      const [
        attention = 0.5,
        skepticism = 0.5,
        expertise = 0.5,
        priceSensitivity = 0.5,
        intentToAct = 0.5,
      ] = centre.split(/\s+/).map(Number);
      return {
        name,
        description,
        weight: Number(weight),
        traits: { attention, skepticism, expertise, priceSensitivity, intentToAct },
      };
    });
}
