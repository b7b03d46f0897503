namespace Reliability.Server.Cli;

/// <summary>
/// Configuration given on the command line (<c>--Database:Provider SqlServer</c>, <c>--Reliability:DataDirectory=/data</c>)
/// is read by the host; a verb's own arguments are what remains. A switch names a configuration key when it has a colon.
/// </summary>
public static class ConfigurationSwitches
{
    public static string[] Strip(string[] args)
    {
        var kept = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains(':', StringComparison.Ordinal))
            {
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length) i++;   // its value follows it
                continue;
            }
            kept.Add(arg);
        }
        return [.. kept];
    }
}
