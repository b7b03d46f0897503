using Reliability.Bot.Api;
using Reliability.Bot.Commands;
using Reliability.Bot.Interactions;

namespace Reliability.Bot.Registration;

/// <summary>A slash command as Discord's bulk-overwrite endpoint takes it (type 1 = CHAT_INPUT).</summary>
public sealed record CommandDefinition(string Name, string Description, IReadOnlyList<CommandOption> Options, int Type = 1);

/// <summary>An option: type 3 = STRING, 4 = INTEGER. Required options come first, as Discord demands.</summary>
public sealed record CommandOption(
    int Type, string Name, string Description, bool Required = false, bool? Autocomplete = null,
    IReadOnlyList<CommandChoice>? Choices = null, int? MinValue = null, int? MaxLength = null);

/// <summary>The commands the bot answers, exactly as registered.</summary>
public static class CommandDefinitions
{
    private const int StringOption = 3;
    private const int IntegerOption = 4;

    private static CommandOption SourceOption(string name, string description) =>
        new(StringOption, name, description, Required: true, Autocomplete: true, MaxLength: 200);

    private static List<CommandChoice> Choices(IEnumerable<string> values) => [.. values.Select(v => new CommandChoice(v, v))];

    public static IReadOnlyList<CommandDefinition> All { get; } =
    [
        new(ReliabilityCommand.CommandName, "How reliable is a source? Grade, reliability, record, calibration, last change.",
            [SourceOption("source", "The source's name or an alias")]),
        new(ClaimsCommand.CommandName, "A source's latest claims and their standing.",
            [
                SourceOption("source", "The source's name or an alias"),
                new(StringOption, "status", "Only claims with this standing", Choices: Choices(ClaimStatuses.All)),
            ]),
        new(CompareCommand.CommandName, "Two sources side by side.",
            [SourceOption("a", "The first source"), SourceOption("b", "The second source")]),
        new(WhyCommand.CommandName, "The verdicts that moved a source's score most recently.",
            [SourceOption("source", "The source's name or an alias")]),
        new(VerdictCommand.CommandName, "Moderators: record a verdict on a claim.",
            [
                new(IntegerOption, "claim", "The claim (type words from its text to find it)", Required: true, Autocomplete: true, MinValue: 1),
                new(StringOption, "outcome", "What the evidence shows", Required: true, Choices: Choices(Outcomes.All)),
                new(StringOption, "evidence", "A URL to the evidence", MaxLength: 2048),
                new(StringOption, "note", "Why: the grounds in a sentence or two", MaxLength: 1500),
            ]),
    ];
}
