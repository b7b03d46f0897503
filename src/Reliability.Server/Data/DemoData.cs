using System.Globalization;

namespace Reliability.Server.Data;

/// <summary>
/// The demo record: sources, the claims they made and the verdicts moderators later recorded, built from the facts in
/// the seed reports (attributions of attacks to Islamic State Khorasan Province, ISKP). Wording is the team's own; where
/// a report gave only a month, the day within that month is a stand-in. Pure data, no EF: <see cref="DemoSeeder"/> loads it.
/// </summary>
public static class DemoData
{
    public sealed record DemoSource(string Key, string Name, SourceKind Kind, string[] Aliases, string? Url, string Description);

    public sealed record DemoVerdict(VerdictOutcome Outcome, string[] EvidenceUrls, string Note, DateOnly RecordedOn);

    /// <param name="RepeatsKey">Key of an earlier claim in <see cref="Claims"/> that this one echoes (circular reporting), or null.</param>
    public sealed record DemoClaim(string Key, string SourceKey, string Text, DateOnly MadeAt, string? Url, string? Citation,
        double? StatedConfidence, string? ConfidencePhrase, string? RepeatsKey, string[] Tags, DemoVerdict[] Verdicts);

    private const string Siga = "SIGA (Swiss Institute for Global Affairs), Franz J. Marty, 'Here Be Dragons', Sept 2024";
    private const string SundayGuardian = "The Sunday Guardian, late March 2024, report on the ISI and the Moscow attack";
    private const string INews = "iNews (the i paper), Munira Mustaffa, 'Moscow attack investigators focus on the rise of Isis-K', late March 2024";
    private const string Stimson = "Stimson Center, Fuad Shahbazov, 'What Does a Recent ISIS-K Terror Attack Mean for Turkey?', early 2024";
    private const string BetweenTheLines = "Between the Lines (Substack), Adam Rousselle, 'Fertile Ground: ISKP Recruitment in Central Asia', 8 Apr 2024";
    private const string UnReport2024 = "UN Security Council ISIL/Al-Qaida Monitoring Team report of 24 Jan 2024, as quoted by The Sunday Guardian";
    private const string DroneFootage = "https://www.youtube.com/watch?v=OBrIsqUk48A";

    public static IReadOnlyList<DemoSource> Sources { get; } =
    [
        // Government
        new("us-centcom", "U.S. Central Command", SourceKind.Government,
            ["CENTCOM", "US Central Command", "U.S. Central Command", "USCENTCOM", "U.S. Department of Defense", "US Department of Defense", "DoD", "Pentagon"],
            "https://www.centcom.mil",
            "U.S. military command for the Middle East and Central and South Asia, Afghanistan included. It announced the Kabul drone strike of 29 August 2021; Pentagon statements on its operations are tracked here too."),
        new("us-state", "U.S. Department of State", SourceKind.Government,
            ["State Department", "State Dept", "US State Department", "U.S. State Department", "U.S. Mission to the OSCE", "Katherine Brucker"],
            "https://www.state.gov",
            "The U.S. foreign ministry and its missions, including the chargé d'affaires who spoke for the United States at the OSCE's Special Permanent Council after the Crocus City Hall attack."),
        new("us-officials", "U.S. government officials", SourceKind.Government,
            ["US officials", "U.S. officials", "U.S. authorities", "US government", "USG", "Washington"],
            null,
            "Statements by U.S. officials and agencies that have no record of their own here: on-record and background remarks, official designations of individuals, explanations given after operations."),
        new("usfor-a", "U.S. Forces Afghanistan", SourceKind.Government,
            ["USFOR-A", "US Forces Afghanistan", "USFOR A"],
            null,
            "Headquarters of U.S. forces in Afghanistan until the 2021 withdrawal. Over the years it put out figures on ISKP fighters killed and estimates of the group's size."),
        new("de-bfv", "Bundesamt für Verfassungsschutz", SourceKind.Government,
            ["BfV", "Verfassungsschutz", "Bundesverfassungsschutz", "Federal Office for the Protection of the Constitution", "German domestic intelligence"],
            "https://www.verfassungsschutz.de",
            "Germany's domestic intelligence service. It has more than once singled out ISKP as a threat to Germany without saying much in public about why."),
        new("de-authorities", "German law enforcement", SourceKind.Government,
            ["German authorities", "German police", "German prosecutors"],
            null,
            "German police and prosecutors as reported when they announce arrests of alleged ISKP members; kept apart from the BfV's threat assessments."),
        new("iran-moi", "Ministry of Intelligence of Iran", SourceKind.Government,
            ["MOIS", "Iranian intelligence", "Iran Ministry of Intelligence", "Iranian Ministry of Intelligence"],
            null,
            "Iran's civilian intelligence ministry. It published findings on the suicide bombers behind the Kerman attack of 3 January 2024."),
        new("iran-gov", "Iranian government officials", SourceKind.Government,
            ["Iranian authorities", "Iranian government", "Tehran"],
            null,
            "Other Iranian official statements, such as announcements that alleged ISKP members had been arrested."),
        new("tr-police", "Turkish National Police", SourceKind.Government,
            ["TNP", "Turkish police", "Emniyet", "Emniyet Genel Müdürlüğü", "EGM"],
            "https://www.egm.gov.tr",
            "Turkey's national police, behind the mass detentions of Islamic State suspects that follow attacks and foiled plots in Turkey."),
        new("ru-kremlin", "Russian Presidency (Kremlin)", SourceKind.Government,
            ["Kremlin", "Putin", "Vladimir Putin", "Russian President", "President of Russia"],
            "http://en.kremlin.ru",
            "Vladimir Putin and his office. After the Crocus City Hall massacre Putin named radical Islamists as the attackers while accusing Ukraine and Western states of backing them."),

        // Outlets
        new("sunday-guardian", "The Sunday Guardian", SourceKind.Outlet,
            ["Sunday Guardian", "Sunday Guardian Live", "sundayguardianlive"],
            "https://www.sundayguardianlive.com",
            "Indian weekly newspaper. Its Moscow coverage rests on unnamed official and non-governmental sources and casts ISKP as a proxy of Pakistan's ISI."),
        new("inews", "iNews", SourceKind.Outlet,
            ["the i paper", "i newspaper", "inews.co.uk", "Munira Mustaffa"],
            "https://inews.co.uk",
            "British news brand (the i paper). Ran a comment piece by security analyst Munira Mustaffa, founder of the Chasseur Group consultancy, the week after the Crocus City Hall attack."),
        new("btl", "Between the Lines", SourceKind.Outlet,
            ["Adam Rousselle", "Rousselle", "Between the Lines Substack"],
            null,
            "Adam Rousselle's reader-funded newsletter on Substack; in April 2024 it covered ISKP recruitment in Central Asia, mostly behind a paywall."),
        new("pamphlet-reports", "Reports citing the «Attack in Moscow» pamphlet", SourceKind.Outlet,
            ["pamphlet reports", "Attack in Moscow pamphlet"],
            null,
            "Stand-in for the unnamed reports and analyses that, according to SIGA, showed Al-Azaim's pamphlet «Attack in Moscow» as ISKP's claim for Crocus City Hall. The seed reports do not name their authors, so they share one record."),

        // Organizations
        new("stimson", "Stimson Center", SourceKind.Organization,
            ["Stimson", "The Stimson Center", "Fuad Shahbazov"],
            "https://www.stimson.org",
            "Washington think tank. Published Fuad Shahbazov's early-2024 analysis of what the Istanbul church attack meant for Turkey; the piece was republished elsewhere."),
        new("siga", "Swiss Institute for Global Affairs", SourceKind.Organization,
            ["SIGA", "Franz J. Marty", "Franz Marty"],
            null,
            "Swiss think tank. Its fellow Franz J. Marty, who lived in Afghanistan from 2014 to 2023 and interviewed ISKP members, wrote the September 2024 report «Here Be Dragons» questioning attributions of attacks abroad to ISKP."),
        new("un-mt", "UN Security Council Monitoring Team (ISIL/Al-Qaida)", SourceKind.Organization,
            ["UN monitoring team", "Monitoring Team", "UNSC Monitoring Team", "1267 Monitoring Team", "Analytical Support and Sanctions Monitoring Team", "UN report"],
            null,
            "Experts reporting to the Security Council's ISIL (Da'esh) and Al-Qaida sanctions committee. Its reports draw on what member states tell it."),
        new("is-media-office", "Islamic State central media office", SourceKind.Organization,
            ["IS central media office", "IS media office", "ISIS media office"],
            null,
            "The Islamic State's central propaganda administration. An internal letter from it scolding Al-Azaim surfaced in August 2022."),

        // Channels
        new("amaq", "Amaq News Agency", SourceKind.Channel,
            ["Amaq", "A'maq", "Amaq Agency", "Aamaq"],
            null,
            "The Islamic State's official news agency. Its claims of responsibility follow a fixed template that normally names the IS province behind each attack."),
        new("al-azaim", "Al-Azaim Foundation", SourceKind.Channel,
            ["Al-Azaim", "Al Azaim", "al-Azaim Foundation", "Voice of Khurasan"],
            null,
            "The propaganda outlet most clearly linked to ISKP; publishes Pashto pamphlets and the English magazine «Voice of Khurasan». Experts disagree on how official it is, and IS central has rebuked it for unapproved content."),
        new("al-mursalat", "Al-Mursalat", SourceKind.Channel,
            ["Al Mursalat", "Mursalat"],
            null,
            "Online outlet that analysts long read as a dependable ISKP voice, until Al-Azaim disowned it in July 2022."),

        // Individuals
        new("is-spokesman", "Islamic State official spokesman", SourceKind.Individual,
            ["IS spokesman", "ISIS spokesman", "IS central spokesman"],
            null,
            "The Islamic State's main spokesman, whose statements review the group's operations across its provinces."),
        new("naseem-baloch", "Naseem Baloch", SourceKind.Individual,
            ["Dr Naseem Baloch", "BNM chairman", "Baloch National Movement chairman"],
            null,
            "Chairman of the Baloch National Movement; spoke with officials at the United Nations in March 2024."),
        new("lucas-webber", "Lucas Webber", SourceKind.Individual,
            ["@LucasADWebber", "LucasADWebber", "Webber"],
            "https://x.com/LucasADWebber",
            "Account on X (@LucasADWebber) that circulated a pro-ISKP fundraising appeal in early April 2024."),
    ];

    public static IReadOnlyList<DemoClaim> Claims { get; } =
    [
        // ---- Istanbul, New Year 2017 ----
        MakeClaim("amaq-istanbul-nightclub-2017", "amaq", "2017-01-02",
            "An Islamic State fighter was behind the New Year's night shooting at a nightclub in Istanbul.",
            "Official IS claim of responsibility, Jan 2017; the attack of 1 Jan 2017 and its toll as given in " + Stimson,
            ["istanbul-2017", "turkey", "is-claim"], confidence: 0.95,
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2017-01-30",
                    "Jihadists did storm the nightclub, leaving 39 dead and close to 80 wounded, and the attack is counted among the Islamic State's successes in Turkey. The claim credits IS only and names no ISKP link."),
            ]),

        // ---- Years of U.S. statements on ISKP in Afghanistan ----
        MakeClaim("us-iskp-foreign", "us-officials", "2017-04-20",
            "ISKP is a foreign implant in Afghanistan: most of its fighters come from outside the country.",
            Siga + ", section on government information (statements by U.S. officials noted by the author in Afghanistan, footnote 5)",
            ["iskp", "afghanistan", "membership"],
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Refuted, "2024-09-23",
                    "SIGA's interviews with serving and former ISKP members and a separate field study both found that local Afghans have always made up a large share, very likely a clear majority, of ISKP. UN figures put Central Asian members at a few hundred at most."),
            ]),
        MakeClaim("usfora-kills-strength", "usfor-a", "2018-06-14",
            "Operations against ISKP have killed large numbers of its fighters, and the group's remaining strength is as USFOR-A estimates it.",
            Siga + ", section on government information (USFOR-A casualty and strength figures over several years)",
            ["iskp", "afghanistan", "casualty-figures"],
            verdicts:
            [
                MakeVerdict(VerdictOutcome.PartlyTrue, "2024-09-23",
                    "Laid side by side over time, the kill tallies and the strength estimates cannot both be right: either fewer ISKP fighters were killed than announced or the size estimates were off. Which half failed is not known, so only part of the claim can stand."),
            ]),
        MakeClaim("amaq-ahvaz-2018", "amaq", "2018-09-22",
            "The attack on the military parade in Ahvaz on 22 September 2018 was an operation of the Islamic State's Khorasan Province.",
            Siga + ", section 'No ISKP claims for international attacks' (the one IS attribution to ISKP of an attack outside Afghanistan and Pakistan)",
            ["ahvaz-2018", "iran", "iskp", "is-claim"], confidence: 0.95),
        MakeClaim("un-ca-to-syria-2019", "un-mt", "2019-07-15",
            "Most Central Asian jihadists who went abroad to fight joined the Islamic State in Syria and Iraq rather than going to Afghanistan.",
            "UN Monitoring Team report, July 2019, as cited in " + Siga + ", footnote 8",
            ["central-asia", "iskp", "membership", "un"],
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2024-09-25",
                    "Open-source counts put 1,300-2,000 Tajikistanis and at least 1,500 Uzbekistanis with IS in Iraq and Syria, while SIGA's sources in Afghanistan count at most a few hundred of both nationalities in ISKP."),
            ]),
        MakeClaim("de-tajik-cell-2020", "de-authorities", "2020-04-15",
            "The Tajikistani men arrested in Germany in 2019 and 2020 were an ISKP cell preparing attacks in Germany.",
            Siga + ", section on government information (German arrests and the court judgments that followed)",
            ["germany", "iskp", "arrests", "central-asia"],
            verdicts:
            [
                MakeVerdict(VerdictOutcome.PartlyTrue, "2024-09-27",
                    "The judgments describe real jihadist plotting and some contact with an ISKP member in Afghanistan, but the key plans, an aborted killing in Albania to raise money and an attack in Germany, came from an IS operative from Dagestan based in Syria. The men even ignored their ISKP contact's push for an attack in Tajikistan. Calling them an ISKP cell overstates the link."),
            ]),

        // ---- Kabul, August 2021 ----
        MakeClaim("amaq-kabul-airport-2021", "amaq", "2021-08-26",
            "A suicide bomber of the Khorasan Province struck the crowds at Kabul airport during the evacuation.",
            Siga + ", section on government information (the ISKP-claimed airport bombing days before the drone strike)",
            ["kabul-2021", "afghanistan", "iskp", "is-claim"], confidence: 0.95,
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2024-09-23",
                    "An attack inside ISKP's home ground that the group itself claimed; none of the seed reports disputes its authorship, and the U.S. strike three days later was justified as preventing a repeat of it."),
            ]),
        MakeClaim("centcom-kabul-strike", "us-centcom", "2021-08-29",
            "Today's U.S. drone strike in Kabul killed an ISKP suicide bomber who was an imminent threat to the airport.",
            "U.S. statement on the Kabul strike, 29 Aug 2021, as described in " + Siga + ", section on government information",
            ["kabul-2021", "afghanistan", "iskp", "drone-strike"], confidence: 0.95,
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Refuted, "2024-09-23",
                    "Journalists who reached the site identified the dead as civilians, and the fuller U.S. investigation that followed concluded the strike killed harmless civilians, children among them, not an ISKP bomber.",
                    DroneFootage),
            ]),
        MakeClaim("usg-kabul-explanation", "us-officials", "2021-09-01",
            "Some 60 separate pieces of intelligence and hours of drone surveillance showed that the man hit in Kabul was an ISKP bomber getting ready to repeat the airport attack.",
            "U.S. government explanations after the strike, as described in " + Siga + ", section on government information",
            ["kabul-2021", "afghanistan", "iskp", "drone-strike"], repeats: "centcom-kabul-strike"),

        // ---- Propaganda outlets ----
        MakeClaim("is-media-letter-2022", "is-media-office", "2022-02-26",
            "Al-Azaim has been publishing material that the central media office never approved.",
            "Internal IS letter dated 25 Rajab [1443], surfaced Aug 2022, as described in " + Siga + ", section on online content",
            ["propaganda", "al-azaim"]),
        MakeClaim("mursalat-iskp-voice", "al-mursalat", "2022-05-10",
            "Al-Mursalat's releases come from ISKP and can be read as the Khorasan Province speaking.",
            Siga + ", section on online content (Al-Mursalat's standing before July 2022)",
            ["propaganda", "iskp", "al-mursalat"],
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Refuted, "2022-07-25",
                    "Al-Azaim, the outlet most clearly tied to ISKP, publicly disowned Al-Mursalat in July 2022; it can no longer be taken as the group's voice."),
            ]),
        MakeClaim("azaim-disowns-mursalat", "al-azaim", "2022-07-20",
            "Al-Mursalat does not speak for ISKP, and its output should not be treated as the group's.",
            Siga + ", section on online content (Al-Azaim's disavowal, July 2022)",
            ["propaganda", "iskp", "al-mursalat", "al-azaim"]),

        // ---- Kabul, late 2022 - early 2023 ----
        MakeClaim("amaq-russian-embassy-2022", "amaq", "2022-09-05",
            "Khorasan Province fighters struck the Russian embassy in Kabul.",
            "IS claim of responsibility for the Khorasan Province; the attack is one of the late-2022 to early-2023 ISKP attacks listed in " + Stimson + " (dated there only by that span)",
            ["kabul-2022", "afghanistan", "russia", "iskp", "is-claim"], confidence: 0.95,
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2022-09-26",
                    "The attack happened in Kabul, inside the area where ISKP is known to operate and routinely claims its attacks, and no one has put forward another perpetrator."),
            ]),
        MakeClaim("amaq-pakistani-embassy-2022", "amaq", "2022-12-02",
            "Khorasan Province fighters attacked the Pakistani embassy in Kabul.",
            "IS claim of responsibility for the Khorasan Province; the attack is one of the late-2022 to early-2023 ISKP attacks listed in " + Stimson + " (dated there only by that span)",
            ["kabul-2022", "afghanistan", "pakistan", "iskp", "is-claim"], confidence: 0.95,
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2022-12-23",
                    "An attack in Kabul, on ISKP's home ground; the group's authorship is not in question and no other group is blamed for it."),
            ]),
        MakeClaim("amaq-kabul-hotel-2022", "amaq", "2022-12-12",
            "Khorasan Province fighters stormed a hotel in Kabul that Chinese guests used.",
            Siga + ", section 'Problems with online content' and footnote 4 (the ISKP-claimed hotel attack of 12 Dec 2022); also listed in " + Stimson,
            ["kabul-2022", "afghanistan", "china", "iskp", "is-claim"], confidence: 0.95,
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2023-01-09",
                    "ISKP did carry out the hours-long siege of the hotel, which had no blast walls and opened straight onto the street. The claim is only that the hotel was hit; whether any Chinese guest died is a separate question."),
            ]),
        MakeClaim("amaq-air-force-compound-2023", "amaq", "2023-01-01",
            "Khorasan Province fighters set off an explosion at an air force compound.",
            "IS claim of responsibility for the Khorasan Province; the blast is one of the late-2022 to early-2023 ISKP attacks listed in " + Stimson + " (dated there only by that span)",
            ["afghanistan", "iskp", "is-claim"], confidence: 0.95,
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2023-01-23",
                    "One of a run of ISKP attacks at home in the winter of 2022-23; the attribution is not contested."),
            ]),

        MakeClaim("un-ca-few-hundred-2023", "un-mt", "2023-02-13",
            "Central Asians in ISKP number a few hundred at most.",
            "UN Monitoring Team report, Feb 2023, as cited in " + Siga + ", footnote 8",
            ["central-asia", "iskp", "membership", "un"],
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2024-09-25",
                    "Matches SIGA's own, partly exclusive, sources in Afghanistan: no more than a few hundred people from Tajikistan and Uzbekistan ever joined ISKP."),
            ]),

        // ---- Late 2023 plots ----
        MakeClaim("tnp-church-plot-2023", "tr-police", "2023-12-22",
            "Police have stopped a plot against churches and synagogues in Turkey that appeared linked to the Israel-Hamas war.",
            "Turkish police action of Dec 2023, as reported by " + Stimson,
            ["turkey", "plot", "is"]),
        MakeClaim("de-cologne-plot-2023", "de-authorities", "2023-12-24",
            "Tajik men with alleged ties to ISKP have been detained over a planned attack on Cologne Cathedral.",
            "German arrests of Dec 2023, as reported by " + INews,
            ["germany", "iskp", "arrests", "central-asia", "cologne-2023"]),

        // ---- Kerman, Istanbul, January 2024 ----
        MakeClaim("amaq-kerman", "amaq", "2024-01-04",
            "Two Islamic State suicide bombers carried out the Kerman bombings; the claim puts «Iran» where a province name normally goes and shows the bombers' photo.",
            "Official IS claim via Amaq, Jan 2024, as described in " + Siga + ", section 'No ISKP claims for international attacks'",
            ["kerman-2024", "iran", "is-claim", "propaganda"], confidence: 0.95,
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2024-02-15",
                    "IS responsibility for the Kerman bombings is not in dispute in any seed report; the claim itself names no ISKP link, only «Iran»."),
            ]),
        MakeClaim("iran-kerman-tajik", "iran-moi", "2024-01-11",
            "At least one of the two Kerman suicide bombers was a Tajik national who had come into Iran through Afghanistan.",
            "Iranian intelligence finding of 11 Jan 2024, as reported by " + BetweenTheLines,
            ["kerman-2024", "iran", "central-asia", "afghanistan"], confidence: 0.95, phrase: "confirmed"),
        MakeClaim("iran-kerman-afghan-camp", "iran-moi", "2024-01-16",
            "One of the Kerman bombers trained at a jihadist camp in Afghanistan, which ties the bombing to ISKP.",
            "Iranian government statements, Jan 2024, as described in " + Siga + ", section on government information",
            ["kerman-2024", "iran", "iskp", "afghanistan", "attribution"],
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Unverifiable, "2024-02-15",
                    "Nothing public backs the training claim beyond Iran's word, and the IS claim for Kerman names no province, so the ISKP link cannot be tested for now."),
                MakeVerdict(VerdictOutcome.PartlyTrue, "2024-09-26",
                    "Detailed jihadist accounts obtained by SIGA credibly confirm that a Kerman bomber did train in Afghanistan, so the Afghan link holds. The same accounts say none of his contacts there knew he had joined IS, which may have happened later; the ISKP inference is speculative and rather unlikely."),
            ]),
        MakeClaim("un-iskp-curbed", "un-mt", "2024-01-24",
            "Taliban counter-terrorism pressure and their infiltration of ISKP's ranks have sharply cut the group's ability to mount attacks and move freely inside Afghanistan.",
            UnReport2024,
            ["iskp", "afghanistan", "taliban", "un"]),
        MakeClaim("un-tron-wallets", "un-mt", "2024-01-24",
            "A member state reported a scheme in which electronic wallets on the Tron blockchain took in over $2 million from more than 20 Western countries to recruit fighters and move them to Afghanistan; the Tajik criminal network behind it was arrested in Istanbul in late June 2023.",
            UnReport2024,
            ["iskp", "financing", "crypto", "turkey", "central-asia", "un"]),
        MakeClaim("un-turkiye-hub", "un-mt", "2024-01-24",
            "Several member states regard Türkiye as a logistics hub for ISKP operations in Europe.",
            UnReport2024,
            ["iskp", "turkey", "europe", "un"]),
        MakeClaim("amaq-istanbul", "amaq", "2024-01-28",
            "Islamic State gunmen carried out the shooting at a Catholic church in Istanbul; the claim credits «Turkey Province».",
            "Official IS claim via Amaq, 28 Jan 2024, as described in " + Siga + " and " + Stimson,
            ["istanbul-2024", "turkey", "is-claim", "propaganda"], confidence: 0.95,
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2024-02-15",
                    "IS responsibility for the church shooting is accepted across the seed reports; what is disputed is only the ISKP label, which the claim itself never uses."),
            ]),
        MakeClaim("tnp-istanbul-detentions", "tr-police", "2024-01-29",
            "Forty-seven people, mostly Central Asian nationals, have been detained over the Istanbul church attack.",
            "Turkish police detentions after 28 Jan 2024, as reported by " + Stimson,
            ["istanbul-2024", "turkey", "arrests", "central-asia"]),
        MakeClaim("tnp-consulate-plot", "tr-police", "2024-02-02",
            "A detained suspect says ISKP's chief operative in Turkey, a Kyrgyz citizen aged 45 and of Tajik origin, planned attacks on the Swedish and Dutch consulates in Istanbul, for which ISKP arranged the travel of would-be suicide bombers to Turkey.",
            "Statement of a suspect in Turkish custody, early 2024, as reported by " + Stimson,
            ["turkey", "iskp", "plot", "central-asia"]),

        // ---- Stimson, early 2024 ----
        MakeClaim("stimson-ca-offshoot", "stimson", "2024-02-12",
            "ISKP is in essence the Islamic State's Central Asian offshoot.",
            Stimson,
            ["iskp", "central-asia", "membership"],
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Refuted, "2024-09-25",
                    "UN reporting and SIGA's field sources put Central Asians in ISKP at a few hundred at most, and local Afghans have always been a large share, likely a clear majority, of the group."),
            ]),
        MakeClaim("stimson-istanbul-iskp", "stimson", "2024-02-12",
            "ISKP was behind the 28 January church shooting in Istanbul, its first deadly success in Turkey since the nightclub massacre of 1 January 2017.",
            Stimson,
            ["istanbul-2024", "turkey", "iskp", "attribution"]),
        MakeClaim("stimson-kabul-attacks", "stimson", "2024-02-12",
            "From late 2022 into early 2023 ISKP hit the Russian and Pakistani embassies in Kabul, a Kabul hotel housing Chinese businessmen and an air force compound.",
            Stimson,
            ["iskp", "afghanistan", "kabul-2022", "attribution"],
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2024-03-04",
                    "Every attack named was claimed for the Khorasan Province in its own home area, and no one credits any of them to another group."),
            ]),
        MakeClaim("stimson-amaq-istanbul", "stimson", "2024-02-12",
            "The Islamic State claimed the Istanbul church attack through its official Amaq News Agency.",
            Stimson,
            ["istanbul-2024", "turkey", "is-claim"], repeats: "amaq-istanbul"),
        MakeClaim("stimson-kerman-claimed", "stimson", "2024-02-12",
            "ISKP took responsibility for the suicide bombings in Kerman on 3 January 2024.",
            Stimson,
            ["kerman-2024", "iran", "iskp", "attribution"],
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Refuted, "2024-09-24",
                    "The official IS claim for Kerman names «Iran», not ISKP or any other province, and no ISKP claim exists; the IS spokesman's March 2024 review even lists Kerman apart from the attacks credited to ISKP."),
            ]),
        MakeClaim("stimson-afghanistan-contained", "stimson", "2024-02-12",
            "ISKP's activity in Afghanistan almost stopped in 2023, a sign the Taliban have contained it at home.",
            Stimson,
            ["iskp", "afghanistan", "taliban"], repeats: "un-iskp-curbed"),
        MakeClaim("stimson-church-plot", "stimson", "2024-02-12",
            "In December 2023 Turkish police thwarted a plot against churches and synagogues tied to the Gaza war.",
            Stimson,
            ["turkey", "plot"], repeats: "tnp-church-plot-2023"),
        MakeClaim("stimson-consulate-plot", "stimson", "2024-02-12",
            "ISKP's man in Turkey planned attacks on the Swedish and Dutch consulates in Istanbul, and police raids averted them.",
            Stimson,
            ["turkey", "iskp", "plot", "central-asia"], repeats: "tnp-consulate-plot"),

        // ---- Moscow, March 2024 ----
        MakeClaim("centcom-intel-gaps", "us-centcom", "2024-03-07",
            "U.S. intelligence has gaps in its ability to follow ISKP.",
            "CENTCOM commander at a congressional hearing, 7 Mar 2024, as described in " + Siga + ", section on government information",
            ["iskp", "intelligence", "afghanistan"]),
        MakeClaim("amaq-kandahar", "amaq", "2024-03-21",
            "Khorasan Province fighters carried out the 21 March bombing in Kandahar.",
            Siga + ", section 'No ISKP claims for international attacks' (the Kandahar claim the day before the Moscow attack)",
            ["kandahar-2024", "afghanistan", "iskp", "is-claim"], confidence: 0.95,
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2024-09-24",
                    "An ISKP claim for an attack in its home area, which killed up to 21 people; no seed report disputes it, and SIGA treats it as a genuine ISKP claim."),
            ]),
        MakeClaim("amaq-crocus", "amaq", "2024-03-22",
            "Islamic State fighters carried out the massacre at Crocus City Hall in Krasnogorsk near Moscow; the claim gives the place as «Russia» and names no province.",
            "Official IS claim via Amaq, 22 Mar 2024, as described in " + Siga + ", section 'No ISKP claims for international attacks'",
            ["moscow-2024", "russia", "is-claim", "propaganda"], confidence: 0.95,
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2024-09-24",
                    "IS responsibility for the attack is accepted in all the seed reports; they dispute only the ISKP label, which the official claim does not carry."),
            ]),
        MakeClaim("usg-moscow-iskp", "us-officials", "2024-03-24",
            "ISKP carried out the Crocus City Hall attack near Moscow.",
            "Repeated statements by U.S. officials after 22 Mar 2024, as described in " + Siga + ", section on government information",
            ["moscow-2024", "russia", "iskp", "attribution"]),
        MakeClaim("azaim-attack-in-moscow", "al-azaim", "2024-03-24",
            "The Afghan Taliban are in league with Russia and other foreign powers (the main theme of the 30-page Pashto pamphlet «Attack in Moscow»).",
            "Al-Azaim pamphlet «Attack in Moscow», late March 2024, as described in " + Siga + ", section 'No ISKP claims for international attacks'",
            ["moscow-2024", "propaganda", "al-azaim", "taliban"]),
        MakeClaim("kremlin-ukraine-west", "ru-kremlin", "2024-03-25",
            "Radical Islamists carried out the Crocus City Hall attack, but Ukraine and Western countries were behind it and supported it.",
            "Putin's remarks, week of 25 Mar 2024, as reported in " + SundayGuardian,
            ["moscow-2024", "russia", "ukraine", "attribution"]),
        MakeClaim("amaq-afpak-minor-1", "amaq", "2024-03-25",
            "Khorasan Province fighters carried out an attack in ISKP's home region of Afghanistan and Pakistan (first of three small attacks claimed in the two weeks after Moscow).",
            Siga + ", section 'Problems with online content' (three minor ISKP-claimed attacks in Afghanistan and Pakistan in the 15 days after Crocus City Hall; place and day not given, so the day is a stand-in)",
            ["afghanistan", "pakistan", "iskp", "is-claim"], confidence: 0.95,
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2024-04-22",
                    "A routine ISKP claim for a minor incident on its home ground; nothing suggests the incident was anyone else's work."),
            ]),
        MakeClaim("pamphlet-moscow-claimed", "pamphlet-reports", "2024-03-26",
            "ISKP claimed the Crocus City Hall massacre: Al-Azaim's pamphlet «Attack in Moscow» is its statement of responsibility.",
            "Various reports and analyses, as described in " + Siga + ", section 'No ISKP claims for international attacks'",
            ["moscow-2024", "iskp", "al-azaim", "attribution"],
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Refuted, "2024-09-30",
                    "Read in full, the pamphlet never says ISKP carried out the attack and lacks every detail a perpetrator would give; it is mostly a tirade against the Taliban. The official IS claim named «Russia», not ISKP."),
            ]),
        MakeClaim("baloch-camps", "naseem-baloch", "2024-03-27",
            "The Islamic State and ISKP run training and recruitment camps in Balochistan with the active backing of the Pakistan Army.",
            "Remarks to UN officials, 27 Mar 2024, as reported in " + SundayGuardian,
            ["pakistan", "balochistan", "iskp"]),
        MakeClaim("is-spokesman-review", "is-spokesman", "2024-03-28",
            "The attacks near Moscow and in Kerman rank among the Islamic State's major recent operations.",
            "IS spokesman's statement, March 2024, as described in " + Siga + " (it lists Moscow and Kerman apart from attacks credited to ISKP and other provinces)",
            ["moscow-2024", "kerman-2024", "is-claim", "propaganda"],
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2024-10-02",
                    "Consistent with the official IS claims for both attacks, whose IS authorship no seed report disputes. That the statement keeps them apart from ISKP's attacks is itself evidence against the ISKP label."),
            ]),
        MakeClaim("inews-moscow-iskp", "inews", "2024-03-30",
            "The Moscow attack was ISKP's work: a show of reach meant to mask how badly the group is doing at home.",
            INews,
            ["moscow-2024", "iskp", "attribution"], repeats: "usg-moscow-iskp"),
        MakeClaim("amaq-afpak-minor-2", "amaq", "2024-03-30",
            "Khorasan Province fighters carried out an attack in ISKP's home region of Afghanistan and Pakistan (second of three small attacks claimed in the two weeks after Moscow).",
            Siga + ", section 'Problems with online content' (three minor ISKP-claimed attacks in Afghanistan and Pakistan in the 15 days after Crocus City Hall; place and day not given, so the day is a stand-in)",
            ["afghanistan", "pakistan", "iskp", "is-claim"], confidence: 0.95,
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2024-04-26",
                    "A routine ISKP claim for a minor incident on its home ground; nothing suggests the incident was anyone else's work."),
            ]),
        MakeClaim("inews-ca-core", "inews", "2024-03-30",
            "Islamist militants from the five Central Asian republics (Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan) make up the heart of ISKP's membership.",
            INews,
            ["iskp", "central-asia", "membership"], repeats: "stimson-ca-offshoot"),
        MakeClaim("inews-cologne", "inews", "2024-03-30",
            "In December 2023, a quarter-year before Moscow, police arrested three Tajik men said to be tied to ISKP and foiled their plan to strike Cologne Cathedral.",
            INews,
            ["germany", "iskp", "arrests", "cologne-2023"], repeats: "de-cologne-plot-2023"),
        MakeClaim("sg-isi-brokers", "sunday-guardian", "2024-03-31",
            "A few officials of Pakistan's ISI knew of the Moscow plot and acted as go-betweens linking ISKP with whoever commissioned the attack.",
            SundayGuardian,
            ["moscow-2024", "iskp", "pakistan", "isi"]),
        MakeClaim("sg-afpak-training", "sunday-guardian", "2024-03-31",
            "The Moscow attackers likely trained in the Afghanistan-Pakistan region, in ISKP camps that operate under ISI protection.",
            SundayGuardian,
            ["moscow-2024", "iskp", "pakistan", "isi"], confidence: 0.70, phrase: "likely"),
        MakeClaim("sg-iskp-mercenary", "sunday-guardian", "2024-03-31",
            "ISKP now works as a mercenary outfit paid in cryptocurrency, and ISI officials collect a fee for brokering access to it.",
            SundayGuardian,
            ["iskp", "pakistan", "isi", "financing", "crypto"]),
        MakeClaim("sg-un-curbed", "sunday-guardian", "2024-03-31",
            "A UN report of 24 January found ISKP's capacity to strike and operate in Afghanistan much reduced by Taliban counter-terrorism efforts.",
            SundayGuardian,
            ["iskp", "afghanistan", "taliban", "un"], repeats: "un-iskp-curbed"),
        MakeClaim("sg-un-tron", "sunday-guardian", "2024-03-31",
            "The UN has shown that ISKP financed itself through cryptocurrency, in one case taking in over $2 million via Tron wallets run by a Tajik network.",
            SundayGuardian,
            ["iskp", "financing", "crypto", "un"], repeats: "un-tron-wallets"),

        // ---- April 2024 ----
        MakeClaim("webber-donation-appeal", "lucas-webber", "2024-04-03",
            "A pro-ISKP channel is raising money by inviting supporters to share in operations such as Moscow, Kerman and Istanbul.",
            "Post on X, early April 2024, showing an appeal from an unidentified messaging-app channel; reproduced in " + Siga,
            ["iskp", "financing", "propaganda", "moscow-2024", "kerman-2024", "istanbul-2024"],
            url: "https://x.com/LucasADWebber/status/1775510313376292977"),
        MakeClaim("amaq-afpak-minor-3", "amaq", "2024-04-04",
            "Khorasan Province fighters carried out an attack in ISKP's home region of Afghanistan and Pakistan (third of three small attacks claimed in the two weeks after Moscow).",
            Siga + ", section 'Problems with online content' (three minor ISKP-claimed attacks in Afghanistan and Pakistan in the 15 days after Crocus City Hall; place and day not given, so the day is a stand-in)",
            ["afghanistan", "pakistan", "iskp", "is-claim"], confidence: 0.95,
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Confirmed, "2024-04-29",
                    "A routine ISKP claim for a minor incident on its home ground; nothing suggests the incident was anyone else's work."),
            ]),
        MakeClaim("azaim-stadium-poster", "al-azaim", "2024-04-06",
            "Football stadiums in Europe are targets (poster republished by Al-Azaim after first appearing on pro-IS accounts of unknown origin).",
            "Al-Azaim release, early April 2024, as described in " + Siga + ", section on online content",
            ["propaganda", "europe", "al-azaim"]),
        MakeClaim("btl-moscow-tajiks", "btl", "2024-04-08",
            "Every one of the four men accused of the 22 March Moscow attack on ISKP's behalf was a Tajik national.",
            BetweenTheLines,
            ["moscow-2024", "iskp", "central-asia", "attribution"], repeats: "inews-moscow-iskp"),
        MakeClaim("btl-kerman-tajik", "btl", "2024-04-08",
            "Iranian intelligence confirmed that at least one of the two Kerman suspects was a Tajik who entered Iran via Afghanistan.",
            BetweenTheLines,
            ["kerman-2024", "iran", "central-asia"], repeats: "iran-kerman-tajik"),
        MakeClaim("btl-ca-recruits", "btl", "2024-04-08",
            "ISKP fills its ranks largely with Central Asian recruits, mainly from Tajikistan and Uzbekistan, and relies on them for its attacks.",
            BetweenTheLines,
            ["iskp", "central-asia", "membership"], repeats: "inews-ca-core"),
        MakeClaim("iran-april-arrests", "iran-gov", "2024-04-10",
            "Iranian security forces have arrested members of ISKP.",
            "Iranian government statements, April 2024, as described in " + Siga + ", section on government information",
            ["iran", "iskp", "arrests"],
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Refuted, "2024-09-26",
                    "The men were later let go because the initial suspicions turned out to be wrong."),
            ]),
        MakeClaim("state-osce-moscow", "us-state", "2024-04-11",
            "ISIS-K, and ISIS-K alone, was behind the 22 March terrorist attack in Moscow; that much is abundantly clear.",
            "U.S. Chargé d'Affaires Katherine Brucker to the OSCE Special Permanent Council, spring 2024, quoted in " + Siga + ", section on government information",
            ["moscow-2024", "russia", "iskp", "attribution"], confidence: 0.95, phrase: "abundantly clear"),

        // ---- Mid 2024 ----
        MakeClaim("usg-mumin-caliph", "us-officials", "2024-06-03",
            "Abdul Qadir Mumin, the Somali whom a U.S. airstrike in Somalia went after on 31 May 2024, is the overall leader (caliph) of the Islamic State.",
            "U.S. officials after the 31 May 2024 strike, as described in " + Siga + ", section on government information",
            ["somalia", "is-leadership"],
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Unverifiable, "2024-09-27",
                    "Several knowledgeable analysts strongly doubted it, one suggesting misread signals intelligence, but nothing public settles who leads IS."),
            ]),
        MakeClaim("usg-khamirzaev-georgia", "us-officials", "2024-06-14",
            "Russian national Adam Khamirzaev is the emir of the Islamic State's Georgia Province.",
            "U.S. authorities, 14 Jun 2024, as described in " + Siga + ", section on government information",
            ["istanbul-2024", "georgia", "is-leadership"],
            verdicts:
            [
                MakeVerdict(VerdictOutcome.Refuted, "2024-09-24",
                    "There is no sign that an IS Georgia Province exists at all, which knowledgeable sources in Georgia confirmed to SIGA."),
            ]),
        MakeClaim("bfv-iskp-threat", "de-bfv", "2024-06-18",
            "ISKP is a leading jihadist threat to Germany.",
            "BfV public threat assessments (repeated), as described in " + Siga + ", section on government information",
            ["germany", "iskp", "threat-assessment"]),
        MakeClaim("azaim-vok-37", "al-azaim", "2024-07-15",
            "In recent months ISKP has hit major foreign targets, among them the Shia in Kerman and the Russians.",
            "Al-Azaim, «Voice of Khurasan» issue 37, July 2024, as quoted in " + Siga,
            ["propaganda", "iskp", "kerman-2024", "moscow-2024", "al-azaim"]),

        // ---- SIGA, September 2024 ----
        MakeClaim("siga-no-claims-abroad", "siga", "2024-09-16",
            "Apart from the Ahvaz attack of 2018, no IS or ISKP statement has credited ISKP with any attack outside Afghanistan and Pakistan.",
            Siga + ", executive summary and section 'No ISKP claims for international attacks'",
            ["iskp", "attribution", "is-claim"]),
        MakeClaim("siga-other-is-networks", "siga", "2024-09-16",
            "The attacks near Moscow, in Kerman and in Istanbul were most likely carried out by IS members whose ties to any IS province are unclear, not by ISKP.",
            Siga + ", executive summary (stated as «most likely»)",
            ["iskp", "attribution", "moscow-2024", "kerman-2024", "istanbul-2024"], confidence: 0.85),
        MakeClaim("siga-members-unaware", "siga", "2024-09-16",
            "Active ISKP members in Afghanistan, well-connected ones among them, say they have no idea who carried out the attack near Moscow.",
            Siga + ", section 'No ISKP claims for international attacks' (exclusive)",
            ["iskp", "moscow-2024", "afghanistan"]),
        MakeClaim("siga-kandahar-claim", "siga", "2024-09-16",
            "On 21 March 2024, the eve of the Moscow attack, ISKP claimed a Kandahar bombing that killed as many as 21 people and trumpeted it as proof of its strength.",
            Siga + ", section 'No ISKP claims for international attacks'",
            ["kandahar-2024", "afghanistan", "iskp", "is-claim"], repeats: "amaq-kandahar"),
        MakeClaim("siga-minor-claims", "siga", "2024-09-16",
            "Within 15 days of the Crocus City Hall attack ISKP claimed three trivial attacks in Afghanistan and Pakistan, yet never claimed Moscow.",
            Siga + ", section 'Problems with online content'",
            ["iskp", "is-claim", "moscow-2024", "afghanistan", "pakistan"], repeats: "amaq-afpak-minor-1"),
        MakeClaim("siga-hotel-no-chinese", "siga", "2024-09-16",
            "No Chinese national died in the December 2022 ISKP attack on a Kabul hotel, according to a man who worked there at the time.",
            Siga + ", footnote 4",
            ["kabul-2022", "afghanistan", "china", "iskp"]),
    ];

    private static DemoClaim MakeClaim(string key, string sourceKey, string madeAt, string text, string citation, string[] tags,
        string? repeats = null, string? url = null, double? confidence = null, string? phrase = null, DemoVerdict[]? verdicts = null) =>
        new(key, sourceKey, text, Day(madeAt), url, citation, confidence, phrase, repeats, tags, verdicts ?? []);

    private static DemoVerdict MakeVerdict(VerdictOutcome outcome, string recordedOn, string note, params string[] evidenceUrls) =>
        new(outcome, evidenceUrls, note, Day(recordedOn));

    private static DateOnly Day(string isoDate) => DateOnly.ParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
