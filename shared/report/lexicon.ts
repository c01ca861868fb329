/**
 * Words that are ordinary words as well as names (issue #19): a person called Rose, Hope or Will
 * must not have every "rose", "hope" or "will" of the report withheld, so such a name is replaced
 * only where the text shows it is the name (after a title, beside another of the person's names,
 * capitalised inside a sentence), and highlighted for the clinician everywhere else. Per language,
 * folded (lower case, no accents); the report's own vocabulary (./vocabulary.ts) is added to it.
 */

/** English words often used as given names or family names, and the commonest short words. */
const EN = `
a an the and or but nor of in on at to for with by from as is are was were be been am it its he she his her him hers they them their we us our you your i me my mine this that these those who whom whose what which when where why how not no yes so if then than too very all any some each every both few more most other such own same only just also still even
about above after again against before below between into through during over under up down out off here there once now today
hope rose grace faith joy will may june april august mark bill jack frank rich young white brown green black gray grey long king little small bell hill wood woods stone lane ford page hunt cook baker mason fisher bishop price rice wells summer winter autumn dawn eve ivy lily daisy holly heather violet amber ruby pearl crystal sky rain storm river ray art dean drew guy chase grant miles noble sterling major marshal judge law best love sweet early strong day knight walker ward hall field moon star sun north south west east penny sunny honey angel bliss hunter carter porter turner taylor smith miller parker cooper archer butler chance glen dale lee faith patience prudence constance charity verity ernest earnest victor sandy rusty dusty wade reed read rowan ash hazel sage olive pat sue don ted ben jean robin wren jay hawk fox wolf lamb bird swan crane finch nash rock cliff brook brooks banks waters marsh moss fern poppy rosemary basil clay gene gay earl baron duke prince queen lord bond cash gold silver price rich
`;

/** Common English words a sentence may start with (not names): they are not flagged as possible names. */
const EN_COMMON = `
ability able across act action actually add added admitted advice advised afraid after afternoon again age ago agreed ahead allowed almost alone along already although always among analgesia another answer answered anxious anything appear appeared applied arm arms around arrival arrived ask asked asleep assessed assessment attended available avoid away back bad based became because become bed began begin being believe believed beside better beyond big blood body born bottom brought bruise bruises but call called came can cannot care careful case cause caused certain change check checked clear clearly close come comes complained complete completed concern condition consider considered continue continued could cough current currently daily dark date days dead deep denied describe described despite did different difficult discussed do does doing done door due during each ear easy eat eating either else end enough entire especially evening event events ever evidence exam examined example except explained eye eyes face fact family far feel feeling feels fell felt few find findings fine first five floor follow followed following food foot found four free friday friend friends front full further gave general get given go going gone good got great ground had half hand hands hard has have having head healed health hear heard help her here high him himself history hit hold home hospital hour hours house however hurt if ill immediately important improved include including indeed inside instead interview into itself keep kept kind knee knees knew know known large last late later least leave led left leg legs less let level life light like likely limited line lying made main make man many may maybe me mean medical meet member men might mild mind minor minutes moderate monday more morning most mother move much must near nearly neck need needed needs never new next night nine nobody none normal note noted nothing notice now number observed obvious often old once one ones only open or order other others otherwise our out outside over own pain painful part past people per perhaps person physical place placed plan please point police possible present previous previously prior prison probably problem problems put quite rather reason recent recently recommended refused regular remain remained remains report reported reports request required rest result review right room said same saturday saw say says second see seen seems seven several severe shall she should show showed shown side sign signs since six sleep slept so some someone something sometimes soon sound speak spoke staff start started state stated states stay still stomach stop stopped subsequently such suggest suggested sunday support sure swelling take taken talk tell ten tender than thank that the their them themselves then there therefore these they thing things think third this those though three through throughout thursday time times told too took top total towards treated treatment tried tuesday two under unless until upon upper use used usual usually various visible visit wait waited walk walking wall want wanted was watch water way we wednesday week weeks well went were what whatever when where whether which while whole why wide wife with within without woke woman women word words work worse would wound wounds wrist wrists write written wrong year years yesterday yet
`;

const LEXICONS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set(`${EN} ${EN_COMMON}`.split(/\s+/).filter((w) => w !== '')),
};

/** The ordinary words of `language` (folded): words that can also be names, and common words. */
export function ordinaryWords(language: string): ReadonlySet<string> {
  return LEXICONS[language] ?? LEXICONS.en ?? new Set();
}

/** Titles written before a name; what follows one is a name (folded, without a trailing dot). */
export const TITLES: Readonly<Record<string, readonly string[]>> = {
  en: ['mr', 'mrs', 'ms', 'miss', 'mx', 'master', 'madam', 'madame', 'mme', 'mlle', 'monsieur', 'sir', 'dame', 'herr', 'frau', 'senor', 'senora', 'sr', 'sra', 'srta', 'don', 'dona', 'sheikh', 'sayyid', 'hajji', 'patient', 'detainee', 'prisoner', 'inmate'],
};

/** Particles of names (van, de, al…): part of a full name, never matched alone. */
export const NAME_PARTICLES: ReadonlySet<string> = new Set(['de', 'da', 'das', 'do', 'dos', 'del', 'della', 'der', 'den', 'di', 'du', 'la', 'le', 'van', 'von', 'zu', 'ter', 'ten', 'al', 'el', 'bin', 'ibn', 'bint', 'ben', 'abu', 'y', 'e', 'mac', 'mc', 'st', 'san', 'santa']);
