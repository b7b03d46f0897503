using Reliability.Server.Cli;

namespace Reliability.Server.Tests.Cli;

public sealed class ConfigurationSwitchesTests
{
    [Theory]
    [InlineData("db migrate --Database:Provider SqlServer", "db migrate")]
    [InlineData("--Reliability:DataDirectory=/data db status", "db status")]
    [InlineData("db script --provider SqlServer --output schema.sql --Logging:Format json", "db script --provider SqlServer --output schema.sql")]
    [InlineData("users add alice --role admin --password-stdin --ConnectionStrings:Reliability x", "users add alice --role admin --password-stdin")]
    [InlineData("jobs recompute-all --Jobs:Enabled", "jobs recompute-all")]
    public void Verb_arguments_are_what_remains_after_configuration_switches(string given, string remaining) =>
        Assert.Equal(remaining.Split(' '), ConfigurationSwitches.Strip(given.Split(' ')));
}
