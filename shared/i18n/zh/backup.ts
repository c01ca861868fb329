/** Simplified Chinese (zh) translation of en/backup.ts — unreviewed draft. */
export const backup = {
  fileExtension: '.attest-backup',
  error: {
    empty: '此文件为空，不是Attest备份。',
    notABackup: '此文件不是Attest备份。请选择扩展名为.attest-backup的文件。',
    notABackupPdf: '此文件是PDF文档，不是Attest备份。请选择扩展名为.attest-backup的文件。',
    notABackupZip: '此文件是ZIP压缩包或办公文档，不是Attest备份。请选择扩展名为.attest-backup的文件。',
    notABackupJson: '此文件是JSON导出文件，不是Attest备份。请选择扩展名为.attest-backup的文件。',
    unsupportedVersion: '此备份由本版本Attest无法读取的版本生成（备份格式{{version}}）。请更新Attest后重新恢复。',
    truncated: '此备份不完整：文件在备份结束之前即已结束，可能在复制过程中被截断。请从原保存位置重新复制，或使用其他备份。',
    corrupted: '此备份已损坏或被篡改，不可信赖。请使用该备份的其他副本。',
    wrongKey: '该口令或恢复密钥无法打开此备份。请核对（应为制作备份时使用的口令或密钥）后重试。',
    invalidInput: '由于部分数据不符合预期格式，无法制作备份。未写入任何内容。',
    recordTooLarge: '由于某一附件超过备份所能容纳的大小（{{limit}} MB），无法制作备份。',
  },
  restore: {
    nothingChanged: '您当前的数据未被更改。',
    done_other: '已恢复{{count, number}}条记录。',
  },
  progress: {
    writing: '正在备份……已写入{{megabytes, number}} MB',
    reading: '正在检查备份……已读取{{megabytes, number}} MB',
  },
  audit: {
    verify: '验证审计链',
    verified_other: '审计链已验证：{{count, number}}个事件，链头{{head}}。',
    broken: '审计链在事件{{seq}}处断裂：{{reason}}',
    reason: {
      malformed: '此条目不符合本应用写入的格式（某字段缺失、未知或含有文本）。',
      sequenceGap: '此处之前缺少一个事件。',
      sequenceOutOfOrder: '此处有事件重复或顺序错乱。',
      prevMismatch: '此事件与前一事件不衔接：此处有事件被删除、插入或移动，或前一事件被改写。',
      hashMismatch: '此事件在记录后被更改。',
      truncated: '审计链过早结束：最新的事件已被删除。',
      extraEntries: '审计链中的事件多于预期。',
      anchorMismatch: '审计链与报告或备份中记录的链头不符：截至此事件的内容已被改写。',
      headMismatch: '审计链未以预期的链头结束：已被改写，或最新的事件已被删除。',
      macMismatch: '此事件在保管库密钥下的封印缺失或不正确：没有密钥的人改写了该链。',
      keyAnchorInvalid: '保管库密钥加在该链上的封印缺失或不正确：没有密钥的人改写或替换了该链。',
    },
  },
} as const;
