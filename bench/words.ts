// Word lists for the synthetic records: text is random but reads like the source, so filters have something to find.

export const WORDS: readonly string[] = (
  'the of and to in a regional for on with digital that online security violent extremism as is by national countries ' +
  'platforms cooperation government participants content forum approaches research policy internet media states ' +
  'civil society legal framework prevention youth awareness literacy social network operators dialogue central asia ' +
  'information communication technologies strategy response moderation narratives partnership experts practice ' +
  'evidence drivers radicalisation recruitment channels messaging encrypted blocking regulation definitions terrorism ' +
  'community resilience education women religious leaders local authorities international organisations capacity ' +
  'training journalists law enforcement human rights freedom expression privacy data transparency accountability ' +
  'public private sector companies providers standards guidelines assessment monitoring risks threats trends ' +
  'migration propaganda counter alternative campaigns engagement outreach networks sharing lessons learned ' +
  'recommendations implementation coordination mechanisms border cross region neighbouring development economic ' +
  'access connectivity infrastructure investment growth transnational interconnected misuse goals challenge ' +
  'significant effective impact coverage scope aspects general current needs characteristics levels global'
).split(/\s+/);

export const ADJECTIVES: readonly string[] = [
  'Central',
  'Regional',
  'Open',
  'National',
  'Independent',
  'International',
  'Civic',
  'Digital',
  'Public',
  'Asian',
  'Eurasian',
  'Northern',
  'Southern',
  'United',
  'Free',
  'Global',
  'Mountain',
  'Steppe',
  'Silk Road',
  'Caspian',
];

export const NOUNS: readonly string[] = [
  'Media',
  'Security',
  'Peace',
  'Policy',
  'Research',
  'Youth',
  'Rights',
  'Development',
  'Dialogue',
  'Governance',
  'Cyber',
  'Education',
  'Law',
  'Faith',
  'Women',
  'Journalism',
  'Technology',
  'Community',
  'Cooperation',
  'Resilience',
];

export const KINDS: readonly string[] = [
  'Institute',
  'Foundation',
  'Centre',
  'Council',
  'Network',
  'Agency',
  'Association',
  'Committee',
  'Fund',
  'Programme',
  'Initiative',
  'Office',
];

export const SYLLABLES: readonly string[] = [
  'ka',
  'ra',
  'to',
  'shi',
  'bek',
  'dor',
  'nu',
  'ta',
  'lan',
  'zar',
  'mi',
  'sor',
  'kul',
  'an',
  'yo',
  'tash',
  'kent',
  'gul',
  'os',
  'ba',
];

/** Occurs in about 3 % of findings: the CONTAINS filter's needle. */
export const RARE_WORD = 'push-to-talk';
