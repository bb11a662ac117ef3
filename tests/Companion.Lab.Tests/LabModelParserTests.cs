using Companion.Core.Diagnostics;
using Companion.Core.Lab;

namespace Companion.Lab.Tests;

public sealed class LabModelParserTests
{
    public sealed class The_default_model
    {
        [Fact]
        public void parses_without_diagnostics_and_tells_the_talks_story()
        {
            // Given
            var text = LabDefaultModel.Json();

            // When
            var result = LabModelParser.Parse(text);

            // Then
            result.Diagnostics.Should().BeEmpty();
            result.Value.NodeCount.Should().Be(2);
            result.Value.Deployments.Select(d => (d.Name, d.Replicas)).Should().Equal(("frontend", 1), ("backend", 3), ("db", 1));
            result.Value.Services.Single(s => s.Name == "db").ClusterIp.Should().Be("None");
        }
    }

    public sealed class Bad_input
    {
        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("[]")]
        [InlineData("42")]
        [InlineData("{\"nodes\": \"two\"}")]
        [InlineData("{\"nodes\": 99}")]
        [InlineData("{\"podCidr\": \"10.0.0.0/30\"}")]
        [InlineData("{\"deployments\": [{\"name\": \"Bad_Name\"}]}")]
        [InlineData("{\"deployments\": [{\"name\": \"a\", \"replicas\": 1000}]}")]
        [InlineData("{\"services\": [{\"name\": \"a\", \"ports\": [{\"port\": 70000}]}]}")]
        [InlineData("{\"services\": [{\"name\": \"a\", \"clusterIP\": \"nope\", \"ports\": [{\"port\": 80}]}]}")]
        public void gives_an_error_diagnostic_instead_of_throwing(string? text)
        {
            // Given / When
            var result = LabModelParser.Parse(text, "m.json");

            // Then
            result.IsValid.Should().BeFalse();
            result.Diagnostics.Should().Contain(d => d.Severity == DiagnosticSeverity.Error && d.Source == "m.json");
            result.Value.Should().NotBeNull();
        }

        [Fact]
        public void names_the_line_of_a_syntax_error()
        {
            // Given
            var text = "{\n  \"nodes\": 2,\n  \"deployments\": [ {,\n}";

            // When
            var result = LabModelParser.Parse(text, "m.json");

            // Then
            result.Diagnostics.Should().ContainSingle().Which.Line.Should().Be(3);
        }

        [Fact]
        public void never_throws_on_mutated_models()
        {
            // Given: the default model with random bytes changed, deleted or duplicated (fixed seed: reproducible)
            var text = LabDefaultModel.Json();
            var random = new Random(5);
            var alphabet = "{}[]\":,0123456789-./abcxyzNone \n\\";

            // When / Then
            for (var i = 0; i < 3000; i++)
            {
                var chars = text.ToCharArray().ToList();
                for (var k = random.Next(1, 6); k > 0; k--)
                {
                    var at = random.Next(chars.Count);
                    switch (random.Next(3))
                    {
                        case 0: chars[at] = alphabet[random.Next(alphabet.Length)]; break;
                        case 1: chars.RemoveAt(at); break;
                        default: chars.InsertRange(at, chars.Skip(at).Take(random.Next(1, 40)).ToList()); break;
                    }
                }

                var mutated = new string(chars.ToArray());
                var parsed = LabModelParser.Parse(mutated);
                var topology = LabTopologyBuilder.Build(parsed.Value, "fuzz");
                topology.Value.Pods.Select(p => p.Ip).Should().OnlyHaveUniqueItems(mutated);
            }
        }
    }
}
