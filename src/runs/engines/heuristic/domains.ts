// The audiences the heuristic engine knows: keywords that point to a domain, who its core and
// adjacent readers are, and the archetypes (trait centres) a panel for it starts from.
// Archetype tables are read by `table` (tables.ts): name | description | weight | trait centre.
import { list, table, words, type ArchetypeTemplate } from './tables';

export interface Domain {
  key: string;
  /** One line for Audience.description. */
  label: string;
  keywords: string[];
  coreLabels: string[];
  adjacentLabels: string[];
  core: ArchetypeTemplate[];
  adjacent: ArchetypeTemplate[];
  /** What these readers use today instead (deep reactions). */
  competitors: string[];
  /** Whom they would pass it on to (deep reactions). */
  shareWith: string[];
}

export const DOMAINS: readonly Domain[] = [
  {
    key: 'developers',
    label: 'software developers and engineering teams',
    keywords: words(`
      code, developer, developers, api, sdk, open source, github, deploy, typescript,
      javascript, python, rust, database, backend, frontend, devops, kubernetes, cli,
      library, framework, latency, repo, engineers, engineering, debug, compiler,
      serverless
    `),
    coreLabels: ['software developers', 'engineering teams'],
    adjacentLabels: ['engineering managers', 'developer advocates at competing tools'],
    core: table(`
      Skeptical senior engineer | has seen every tool promise the moon | 4 | .55 .85 .90 .50 .35
      Pragmatic full-stack developer | wants what ships on Friday | 3.5 | .60 .55 .65 .55 .55
      Curious junior developer | tries things and learns in public | 2.5 | .70 .30 .30 .70 .60
    `),
    adjacent: table(`
      Engineering manager | weighs tools against team time | 3 | .45 .60 .70 .40 .50
      Developer advocate at a rival tool | reads to compare | 2 | .70 .75 .85 .30 .15
    `),
    competitors: list(`
      the open-source library we already run; a script I wrote myself; the cloud provider's
      built-in service; CI and some glue code
    `),
    shareWith: list(`
      my team's tech lead; the engineering channel at work; a friend who maintains a similar
      project
    `),
  },
  {
    key: 'founders',
    label: 'startup founders and early teams',
    keywords: words(`
      startup, startups, founder, founders, fundraising, seed, series a, mvp,
      product-market fit, saas, b2b, churn, arr, mrr, go-to-market, bootstrapped, launch,
      launched, pipeline, runway, pmf
    `),
    coreLabels: ['startup founders', 'early-stage operators'],
    adjacentLabels: ['angel investors', 'early startup employees'],
    core: table(`
      Time-poor seed-stage founder | reads between investor calls | 4 | .35 .60 .60 .75 .60
      Bootstrapped solo founder | counts every dollar and hour | 3 | .50 .55 .55 .90 .55
      Scaling-stage operator | has a team and a budget to defend | 3 | .45 .70 .75 .40 .50
    `),
    adjacent: table(`
      Angel investor | looks for signal, distrusts noise | 2.5 | .45 .80 .70 .30 .35
      Early startup employee | wears five hats | 2.5 | .60 .45 .50 .60 .45
    `),
    competitors: list(`
      a spreadsheet and a few customer calls; the tool our last startup used; an advisor
      who does this for equity; doing it by hand for now
    `),
    shareWith: list(`my co-founder; a founder group chat; our first sales hire`),
  },
  {
    key: 'marketers',
    label: 'marketers and growth teams',
    keywords: words(`
      marketing, marketer, marketers, brand, campaign, seo, content, engagement,
      conversion, funnel, leads, newsletter, ads, ctr, growth, copywriting, social media,
      followers, audience
    `),
    coreLabels: ['marketers', 'growth teams'],
    adjacentLabels: ['sales teams', 'agency owners'],
    core: table(`
      Performance marketer | lives in dashboards and conversion rates | 4 | .45 .70 .75 .55 .55
      Content marketer | collects ideas and swipe files | 3 | .60 .45 .60 .60 .55
      Marketing lead with budget | signs off on tools | 3 | .40 .60 .70 .35 .60
    `),
    adjacent: table(`
      Sales rep | wants anything that books meetings | 2.5 | .45 .50 .45 .50 .50
      Agency owner | has heard every pitch | 2.5 | .50 .75 .80 .50 .40
    `),
    competitors: list(`
      the analytics suite we already pay for; our agency; a set of templates; the CRM our
      sales team uses
    `),
    shareWith: list(`my marketing team; our head of growth; a freelancer I work with`),
  },
  {
    key: 'designers',
    label: 'designers and product teams',
    keywords: words(`
      design, designer, designers, ux, ui, figma, prototype, typography, layout, user
      research, accessibility, wireframe, mockup
    `),
    coreLabels: ['product designers', 'freelance designers'],
    adjacentLabels: ['product managers', 'front-end developers'],
    core: table(`
      Product designer | notices every misaligned pixel | 4 | .65 .60 .80 .55 .45
      Freelance designer | chooses tools with their own money | 3 | .55 .50 .65 .85 .50
    `),
    adjacent: table(`
      Product manager | thinks in roadmaps and trade-offs | 3 | .50 .55 .60 .45 .50
      Front-end developer | builds what designers hand over | 2 | .55 .60 .70 .50 .40
    `),
    competitors: list(`
      Figma and a few plugins; the design system we built in-house; pen and paper
    `),
    shareWith: list(`the design team; a designer friend; my product manager`),
  },
  {
    key: 'investors',
    label: 'investors and fund managers',
    keywords: words(`
      investor, investors, vc, venture, portfolio, returns, valuation, fund, deal flow,
      cap table, term sheet, angel, due diligence, lps
    `),
    coreLabels: ['venture investors', 'angel investors'],
    adjacentLabels: ['founders raising a round', 'financial press'],
    core: table(`
      Partner at a seed fund | reads a hundred pitches a week | 3.5 | .30 .85 .85 .20 .40
      Associate screening deals | hunts for numbers that hold up | 3.5 | .45 .80 .70 .30 .45
      Angel writing small cheques | backs people first | 3 | .50 .65 .60 .45 .50
    `),
    adjacent: table(`
      Founder raising a round | studies how others pitch | 3 | .60 .50 .60 .60 .50
      Financial journalist | looks for the story and the hole in it | 2 | .65 .85 .75 .30 .20
    `),
    competitors: list(`our own deal memo template; a data room and a call; the usual databases`),
    shareWith: list(`my partners; a co-investor; our investment committee`),
  },
  {
    key: 'consumers',
    label: 'shoppers and everyday consumers',
    keywords: words(`
      buy, shop, shopping, sale, discount, order, delivery, shipping, deal, gift, home,
      kitchen, fashion, family, kids, subscription, store, garden, gardening, gardeners,
      recipe, recipes, travel, pets, hobby
    `),
    coreLabels: ['shoppers', 'everyday consumers'],
    adjacentLabels: ['gift buyers', 'review-readers'],
    core: table(`
      Deal-hunting shopper | compares prices before anything else | 4 | .45 .60 .30 .90 .60
      Busy parent | has thirty seconds and a list | 3 | .30 .50 .35 .75 .55
      Early-adopter enthusiast | loves new things and says so | 3 | .65 .35 .55 .40 .70
    `),
    adjacent: table(`
      Gift buyer | shops for someone else | 2.5 | .50 .45 .30 .60 .55
      Reviewer who compares everything | reads one-star reviews first | 2.5 | .70 .80 .70 .60 .35
    `),
    competitors: list(`the brand I already buy; whatever is cheapest on Amazon; a local shop`),
    shareWith: list(`my partner; the family group chat; a friend who would like it`),
  },
  {
    key: 'careers',
    label: 'job seekers, recruiters and hiring managers',
    keywords: words(`
      job, jobs, hiring, hire, recruiter, recruiting, resume, cv, interview, career,
      salary, role, remote, layoffs, promotion, candidates
    `),
    coreLabels: ['job seekers', 'people weighing a move'],
    adjacentLabels: ['recruiters', 'hiring managers'],
    core: table(`
      Active job seeker | reads every post for openings | 4 | .65 .50 .45 .70 .70
      Passive candidate | happy where they are, curious anyway | 3 | .40 .60 .60 .40 .35
    `),
    adjacent: table(`
      Recruiter | reads for names and signals | 3 | .45 .55 .60 .30 .55
      Hiring manager | wants fewer, better candidates | 2 | .40 .65 .70 .30 .50
    `),
    competitors: list(`the job boards I already check; referrals from friends; a recruiter I know`),
    shareWith: list(`a friend who is looking; my old team; a recruiter I trust`),
  },
  {
    key: 'health',
    label: 'people looking after their health',
    keywords: words(`
      health, fitness, workout, sleep, diet, nutrition, doctor, patients, clinic, therapy,
      mental health, wellness, symptoms, medical
    `),
    coreLabels: ['health-conscious readers', 'people managing a condition'],
    adjacentLabels: ['clinicians', 'caregivers'],
    core: table(`
      Health-conscious reader | tries new habits, drops most | 4 | .55 .55 .40 .60 .55
      Person managing a condition | has been let down before | 3 | .60 .75 .50 .65 .50
    `),
    adjacent: table(`
      Clinician | asks for the study behind the claim | 2.5 | .45 .85 .90 .30 .30
      Caregiver for a relative | reads for someone else | 2.5 | .55 .60 .40 .70 .50
    `),
    competitors: list(`what my doctor suggested; a free app I already use; nothing, honestly`),
    shareWith: list(`my partner; a friend at the gym; my doctor`),
  },
  {
    key: 'finance',
    label: 'people managing their money',
    keywords: words(`
      money, invest, investing, savings, budget, retirement, stocks, crypto, bank, loan,
      mortgage, tax, taxes, credit, interest rate, wealth
    `),
    coreLabels: ['savers', 'self-directed investors'],
    adjacentLabels: ['financial advisers', 'people starting out'],
    core: table(`
      Cautious saver | fears fees more than missing out | 4 | .55 .70 .40 .85 .45
      DIY investor | reads the fine print | 3 | .60 .65 .65 .60 .55
    `),
    adjacent: table(`
      Financial adviser | spots a compliance problem in one line | 2.5 | .45 .85 .90 .30 .30
      Young earner starting out | wants a simple first step | 2.5 | .60 .40 .25 .80 .55
    `),
    competitors: list(`my bank app; an index fund and patience; a spreadsheet budget`),
    shareWith: list(`my partner; a friend who asked about this; nobody, money is private`),
  },
  {
    key: 'education',
    label: 'learners and educators',
    keywords: words(`
      learn, learning, course, courses, students, student, teacher, school, university,
      lesson, tutorial, curriculum, training, exam
    `),
    coreLabels: ['self-directed learners', 'teachers'],
    adjacentLabels: ['parents of students', 'training managers'],
    core: table(`
      Self-taught learner | collects courses, finishes few | 4 | .60 .45 .35 .80 .60
      Teacher planning lessons | needs it to work in a real class | 3 | .50 .60 .70 .70 .45
    `),
    adjacent: table(`
      Parent of a student | wants proof it helps | 2.5 | .45 .55 .35 .70 .50
      Training manager | buys for a whole team | 2.5 | .45 .60 .60 .40 .50
    `),
    competitors: list(`free videos online; the textbook; the course I already started`),
    shareWith: list(`my study group; a colleague in my department; my kids`),
  },
];
