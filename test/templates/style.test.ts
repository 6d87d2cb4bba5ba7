import { describe, expect, it } from 'vitest';
import { names } from '../../src/naming/names.ts';
import {
  fitsWidth,
  isTemplateStyle,
  rendersInStyle,
  TEMPLATE_STYLE,
} from '../../src/templates/style.ts';

describe('isTemplateStyle', () => {
  it("accepts the templates' options, with or without prettier's defaults spelled out", () => {
    expect(isTemplateStyle(TEMPLATE_STYLE)).toBe(true);
    expect(isTemplateStyle({ ...TEMPLATE_STYLE, tabWidth: 2, useTabs: false, semi: true })).toBe(
      true,
    );
  });

  it('refuses another value, a missing one, or anything it does not know', () => {
    expect(isTemplateStyle({ ...TEMPLATE_STYLE, printWidth: 80 })).toBe(false);
    expect(isTemplateStyle({ singleQuote: true, printWidth: 100 })).toBe(true);
    expect(isTemplateStyle({ printWidth: 100 })).toBe(false);
    expect(isTemplateStyle({ ...TEMPLATE_STYLE, plugins: ['prettier-plugin-x'] })).toBe(false);
  });
});

describe('fitsWidth', () => {
  it('counts columns, a wide character as two', () => {
    expect(fitsWidth('abcd\nab', 4)).toBe(true);
    expect(fitsWidth('abcde', 4)).toBe(false);
    expect(fitsWidth('ab漢', 4)).toBe(true);
    expect(fitsWidth('abc漢', 4)).toBe(false);
  });
});

describe('rendersInStyle', () => {
  it('holds for names and a runtime package at least as long as the reference', () => {
    expect(rendersInStyle(names('CoolWidget'), 'geo-runtime')).toBe(true);
    expect(rendersInStyle(names('VeryLongDataTypeName'), '@acme/geo-runtime')).toBe(true);
    expect(rendersInStyle(names('Pin'), 'geo-runtime')).toBe(false);
    expect(rendersInStyle(names('CoolWidget'), 'geo')).toBe(false);
  });
});
