using Microsoft.DotNet.Interactive;

namespace Companion.Interactive;

/// <summary>Entry point called by extension.dib: registers the magic commands and formatters on a kernel.</summary>
public static class CompanionExtension
{
    public static void Load(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
    }
}
