/**
 * The indefinite article of generated prose ("an upload", "a user", "an SSH key"), by rule: the
 * sound of the first letter, a few spellings where it misleads (a "you" or "w" sound: unicorn,
 * user, European, one; a silent h: hour, honest), and acronyms read letter by letter.
 */
export type Article = 'a' | 'an';

/** Vowel letters that sound like a consonant at the start of a word: "a unit", "a one-off". */
const CONSONANT_SOUND = /^(uni|usa|use|usu|uti|ura|ure|uro|eu|ewe|one|once)/;
/** Consonant letters that are silent at the start of a word: "an hour", "an honest". */
const VOWEL_SOUND = /^(hour|honest|honor|honour|heir)/;

/**
 * Acronyms geo-gen cannot see as such once a name is in lower case (`ssh_key`); one written in
 * capitals (`SSHKey`, "SSH key") is recognised by its case.
 */
const ACRONYMS = new Set([
  'api',
  'ci',
  'faq',
  'gpg',
  'html',
  'http',
  'ldap',
  'lfs',
  'mr',
  'npm',
  'rpm',
  'scim',
  'sql',
  'ssh',
  'ssl',
  'uri',
  'url',
  'xml',
]);

/** Letters whose name starts with a vowel sound: "an F", "an SSH key", "an MR diff". */
const VOWEL_LETTER_NAMES = new Set('aefhilmnorsx');

/** The article for a phrase, from its first word ("SSH key", "upload", "cool widget"). */
export function articleFor(phrase: string): Article {
  const first = phrase.trim().split(/[\s_-]+/)[0] ?? '';
  const lower = first.toLowerCase();
  if (isAcronym(first)) {
    return VOWEL_LETTER_NAMES.has(lower.charAt(0)) ? 'an' : 'a';
  }
  if (VOWEL_SOUND.test(lower)) return 'an';
  if (CONSONANT_SOUND.test(lower)) return 'a';
  return /^[aeiou]/.test(lower) ? 'an' : 'a';
}

/** The phrase with its article: `withArticle('upload') === 'an upload'`. */
export function withArticle(phrase: string): string {
  return `${articleFor(phrase)} ${phrase}`;
}

function isAcronym(word: string): boolean {
  return ACRONYMS.has(word.toLowerCase()) || /^[A-Z][A-Z0-9]+$/.test(word);
}
