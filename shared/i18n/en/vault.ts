/**
 * English strings of the vault: unlocking, the passphrase strength meter, the recovery key and the
 * errors of `shared/vault` (`vault.error.*`, one per `VaultErrorCode`). Messages say what happened
 * and what to do; they never contain a passphrase, a key or case data.
 */
export const vault = {
  error: {
    wrongPassphrase: 'This passphrase does not unlock the vault. Check Caps Lock and the keyboard language, then try again.',
    wrongRecoveryKey: 'This recovery key does not unlock this vault. Check that it is the recovery key printed when this vault was created.',
    recoveryKeyLength: 'A recovery key has 8 groups of 5 characters. Check that you typed every group, then try again.',
    recoveryKeyCharacter: 'The recovery key contains "{{character}}", which recovery keys never use. They use digits and the letters A to Z except I, L, O and U.',
    recoveryKeyTypo: 'Group {{group}} of the recovery key has a typing mistake. Compare that group with your paper copy, character by character.',
    weakPassphrase: 'This passphrase is too easy to guess. Use at least {{minimum}} characters; several unrelated words work well.',
    weakKdf: 'The vault must be protected with at least {{minimum}} key-derivation rounds. This is a fault in Attest, not in your passphrase.',
    malformedKeyring: 'The vault key file is damaged or incomplete, so the vault cannot be opened. Restore it from a backup; your records are not lost.',
    unsupportedKeyring: 'This vault was created by a newer version of Attest. Update Attest to open it.',
    tamperedRecord: 'A stored record could not be decrypted: it was damaged or changed after it was saved, or it belongs to another vault. It has not been shown.',
    malformedRecord: 'A stored record was decrypted but is not in the expected format. It has not been shown.',
    invalidContext: 'A record could not be sealed because its storage location is invalid. This is a fault in Attest; nothing was saved.',
  },
  strength: {
    label: 'Passphrase strength',
    score: {
      veryWeak: 'Very weak',
      weak: 'Weak',
      fair: 'Fair',
      strong: 'Strong',
      veryStrong: 'Very strong',
    },
    feedback: {
      tooShort: 'Use at least {{minimum}} characters.',
      common: 'This is one of the most common passwords, or contains one. Choose something nobody else would.',
      repeated: 'Avoid repeated characters such as "aaa".',
      sequence: 'Avoid sequences such as "abc" or "123".',
      oneClass: 'Mix in other kinds of characters, or add more words.',
      addWords: 'Add another word or two: length matters more than symbols.',
    },
  },
  unlock: {
    wait_one: 'Too many wrong attempts. Try again in {{count}} second.',
    wait_other: 'Too many wrong attempts. Try again in {{count}} seconds.',
  },
  recoveryKey: {
    shownOnce: 'This is your recovery key. It is shown only this once. Write it on paper and keep it somewhere safe, apart from this computer.',
    why: 'If you forget your passphrase, the recovery key is the only way to open your records. Nobody, including the makers of Attest, can recover them without it.',
  },
} as const;
