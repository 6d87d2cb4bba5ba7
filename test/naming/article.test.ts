import { describe, expect, it } from 'vitest';
import { articleFor, withArticle } from '../../src/naming/article.ts';

describe('withArticle()', () => {
  it.each([
    ['upload', 'an upload'],
    ['user', 'a user'],
    ['widget', 'a widget'],
    ['image', 'an image'],
    ['object pool', 'an object pool'],
    ['cool widget', 'a cool widget'],
  ])('uses the sound of the first letter: %s', (phrase, expected) => {
    expect(withArticle(phrase)).toBe(expected);
  });

  it.each([
    ['unicorn', 'a unicorn'],
    ['usage report', 'a usage report'],
    ['utility', 'a utility'],
    ['European mirror', 'a European mirror'],
    ['one-off job', 'a one-off job'],
    ['hour log', 'an hour log'],
    ['honest answer', 'an honest answer'],
  ])('knows the spellings where the first letter misleads: %s', (phrase, expected) => {
    expect(withArticle(phrase)).toBe(expected);
  });

  it.each([
    ['SSH key', 'an SSH key'],
    ['LFS object', 'an LFS object'],
    ['MR diff', 'an MR diff'],
    ['URL', 'a URL'],
    ['CI artifact', 'a CI artifact'],
    ['ssh key', 'an ssh key'],
    ['lfs_object', 'an lfs_object'],
  ])('reads an acronym by the names of its letters: %s', (phrase, expected) => {
    expect(withArticle(phrase)).toBe(expected);
  });

  it('reads a lower-case word that is not a known acronym as a word', () => {
    expect(articleFor('lfsish thing')).toBe('a');
    expect(articleFor('  upload ')).toBe('an');
  });
});
