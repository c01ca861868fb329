/**
 * English strings of backups, restores and the audit chain (`backup.*`). The vault modules
 * (shared/vault/backupFormat.ts, shared/vault/auditChain.ts) return these keys; the screens and
 * the CLI turn them into text. Messages say what happened and what to do, never a file path or
 * anything from a case.
 */
export const backup = {
  fileExtension: '.attest-backup',
  error: {
    empty: 'This file is empty. It is not an Attest backup.',
    notABackup: 'This file is not an Attest backup. Choose a file ending in .attest-backup.',
    notABackupPdf: 'This file is a PDF document, not an Attest backup. Choose a file ending in .attest-backup.',
    notABackupZip: 'This file is a ZIP archive or office document, not an Attest backup. Choose a file ending in .attest-backup.',
    notABackupJson: 'This file is a JSON export, not an Attest backup. Choose a file ending in .attest-backup.',
    unsupportedVersion: 'This backup was made by a version of Attest that this one cannot read (backup format {{version}}). Update Attest, then restore it again.',
    truncated: 'This backup is incomplete: the file ends before the backup does. It was probably cut off while being copied. Copy it again from where it was saved, or use another backup.',
    corrupted: 'This backup is damaged or has been altered, so it cannot be trusted. Use another copy of the backup.',
    wrongKey: 'The passphrase or recovery key does not open this backup. Check it (it is the one in use when the backup was made) and try again.',
    invalidInput: 'The backup could not be made because some data is not in the expected form. Nothing was written.',
    recordTooLarge: 'The backup could not be made because one attachment is larger than a backup can hold ({{limit}} MB).',
  },
  restore: {
    nothingChanged: 'Your current data has not been changed.',
    done_one: 'Restored {{count, number}} record.',
    done_other: 'Restored {{count, number}} records.',
  },
  progress: {
    writing: 'Backing up… {{megabytes, number}} MB written',
    reading: 'Checking the backup… {{megabytes, number}} MB read',
  },
  audit: {
    verify: 'Verify audit chain',
    verified_one: 'Audit chain verified: {{count, number}} event, head {{head}}.',
    verified_other: 'Audit chain verified: {{count, number}} events, head {{head}}.',
    broken: 'Audit chain broken at event {{seq}}: {{reason}}',
    reason: {
      malformed: 'this entry is not in the form the app writes (a field is missing, unknown or holds text).',
      sequenceGap: 'an event before this point is missing.',
      sequenceOutOfOrder: 'an event is repeated or out of order here.',
      prevMismatch: 'this event does not follow the one before it: an event was removed, inserted or moved here, or the event before it was rewritten.',
      hashMismatch: 'this event was changed after it was recorded.',
      truncated: 'the chain ends too early: its latest events were removed.',
      extraEntries: 'the chain has more events than expected.',
      anchorMismatch: 'the chain does not match the head recorded in a report or backup: it was rewritten up to this event.',
      headMismatch: 'the chain does not end with the expected head: it was rewritten or its latest events were removed.',
      macMismatch: 'this event\'s seal under the vault\'s key is missing or wrong: the chain was rewritten by someone without the key.',
      keyAnchorInvalid: 'the seal that the vault\'s key sets on the chain is missing or wrong: the chain was rewritten or replaced by someone without the key.',
    },
  },
} as const;
