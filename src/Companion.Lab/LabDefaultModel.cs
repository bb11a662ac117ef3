namespace Companion.Lab;

/// <summary>The default lab model (notebooks/lab-model.json, embedded): a frontend, a 3-replica backend, a headless db.</summary>
public static class LabDefaultModel
{
    public static string Json()
    {
        using var stream = typeof(LabDefaultModel).Assembly.GetManifestResourceStream("lab-model.json")
            ?? throw new LabException("the built-in lab model is missing from Companion.Lab");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
