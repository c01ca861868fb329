/**
 * Chinese texts of the passphrase meter's advice (zxcvbn-ts's warning and suggestion keys): no
 * @zxcvbn-ts language package exists for Chinese, so they are ours. Loaded with the meter only.
 */
import type { StrengthTexts } from '../strength';

export const strength: StrengthTexts = {
  warnings: {
    straightRow: '键盘上同一行的连续按键很容易被猜到。',
    keyPattern: '简短的键盘组合很容易被猜到。',
    simpleRepeat: '重复的字符（如“aaa”）很容易被猜到。',
    extendedRepeat: '重复的字符组合（如“abcabcabc”）很容易被猜到。',
    sequences: '常见的字符序列（如“abc”）很容易被猜到。',
    recentYears: '近年的年份很容易被猜到。',
    dates: '日期很容易被猜到。',
    topTen: '这是使用极为普遍的密码。',
    topHundred: '这是经常使用的密码。',
    common: '这是常用密码。',
    similarToCommon: '这与常用密码相似。',
    wordByItself: '单个词语很容易被猜到。',
    namesByThemselves: '单独的名字或姓氏很容易被猜到。',
    commonNames: '常见的名字和姓氏很容易被猜到。',
    userInputs: '请勿使用个人信息或与本程序相关的内容。',
    pwned: '此密码已在互联网数据泄露事件中被公开。',
  },
  suggestions: {
    l33t: '避免可预测的字母替换，例如用“@”代替“a”。',
    reverseWords: '避免将常见词语倒序拼写。',
    allUppercase: '将部分字母（而非全部字母）大写。',
    capitalization: '除首字母外，再将其他字母大写。',
    dates: '避免使用与您相关的日期和年份。',
    recentYears: '避免使用近年的年份。',
    associatedYears: '避免使用与您相关的年份。',
    sequences: '避免使用常见的字符序列。',
    repeated: '避免重复的词语和字符。',
    longerKeyboardPattern: '使用更长的键盘组合，并多次改变输入方向。',
    anotherWord: '再添加几个不常见的词语。',
    useWords: '使用多个词语，但避免常见短语。',
    noNeed: '不使用符号、数字或大写字母，也可以设置强密码短语。',
    pwned: '如果您在其他地方使用此密码，应当更换。',
  },
};
