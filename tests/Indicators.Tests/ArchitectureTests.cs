using Mono.Cecil;
using Mono.Cecil.Cil;
using NetArchTest.Rules;

namespace Indicators.Tests;

/// <summary>
/// The layers of the service as rules on its compiled types: pure rules in Domain, all SQL in Storage, features that
/// never reach into one another, and one way to write.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Root = "Indicators.Api";

    private static readonly string[] DatabaseLibraries = ["Dapper", "Microsoft.Data", "Npgsql", "DbUp"];

    private static Types Service => Types.InAssembly(typeof(Program).Assembly);

    /// <summary>The feature areas and their use cases, from the namespaces of the compiled types.</summary>
    private static IEnumerable<string> Namespaces(int depth) =>
        typeof(Program).Assembly.GetTypes().Select(t => t.Namespace).OfType<string>()
            .Where(n => n.StartsWith(Root + ".Features.", StringComparison.Ordinal))
            .Select(n => string.Join('.', n.Split('.').Take(depth)))
            .Where(n => n.Split('.').Length == depth)
            .Distinct().Order(StringComparer.Ordinal);

    private static void AssertKept(TestResult result, string rule) =>
        Assert.That(result.FailingTypeNames ?? [], Is.Empty, rule);

    [Test]
    public void The_domain_depends_on_nothing_of_the_service_and_does_no_io()
    {
        AssertKept(Service.That().ResideInNamespace(Root + ".Domain").ShouldNot()
            .HaveDependencyOnAny([.. new[] { "Storage", "Features", "Infrastructure", "Operations", "Seeding", "Reporting", "Writing" }.Select(l => $"{Root}.{l}"),
                .. DatabaseLibraries, "Microsoft.AspNetCore", "FastEndpoints", "System.Net.Http"])
            .GetResult(), "Domain is pure");
    }

    [Test]
    public void Storage_depends_only_on_the_domain()
    {
        AssertKept(Service.That().ResideInNamespace(Root + ".Storage").ShouldNot()
            .HaveDependencyOnAny([.. new[] { "Features", "Infrastructure", "Operations", "Seeding", "Reporting", "Writing" }.Select(l => $"{Root}.{l}"),
                "Microsoft.AspNetCore", "FastEndpoints"])
            .GetResult(), "Storage sits on Domain alone");
    }

    [Test]
    public void Nothing_but_storage_touches_sql_libraries()
    {
        AssertKept(Service.That().DoNotResideInNamespace(Root + ".Storage").ShouldNot().HaveDependencyOnAny(DatabaseLibraries).GetResult(),
            "Dapper, Microsoft.Data.*, Npgsql and DbUp are Storage's");
    }

    [Test]
    public void Feature_areas_never_depend_on_one_another()
    {
        var areas = Namespaces(depth: 4).ToList();
        Assert.That(areas, Has.Count.GreaterThan(5), "the areas were found");
        foreach (var area in areas)
        {
            AssertKept(Service.That().ResideInNamespace(area).ShouldNot().HaveDependencyOnAny([.. areas.Where(a => a != area).Select(a => a + ".")]).GetResult(), area);
        }
    }

    [Test]
    public void Use_cases_never_depend_on_one_another()
    {
        var useCases = Namespaces(depth: 5).ToList();
        Assert.That(useCases, Has.Count.GreaterThan(20), "the use cases were found");
        foreach (var useCase in useCases)
        {
            // Exact namespaces: GetTarget is not a prefix of GetTargetHistory here.
            AssertKept(Service.That().ResideInNamespaceMatching("^" + System.Text.RegularExpressions.Regex.Escape(useCase) + "$").ShouldNot()
                .HaveDependencyOnAny([.. useCases.Where(u => u != useCase).Select(u => u + ".")]).GetResult(), useCase);
        }
    }

    /// <summary>Every transaction is begun by Storage, where the gated, retried write entry point lives.</summary>
    [Test]
    public void No_code_outside_storage_begins_a_transaction()
    {
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(Program).Assembly.Location);
        var callers = new List<string>();
        foreach (var type in assembly.MainModule.GetTypes())
        {
            var outer = type;
            while (outer.DeclaringType is not null) outer = outer.DeclaringType; // async and lambda bodies live in nested types
            if (outer.Namespace.StartsWith(Root + ".Storage", StringComparison.Ordinal)) continue;
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                if (method.Body.Instructions.Any(i => i.OpCode.FlowControl == FlowControl.Call && i.Operand is MethodReference called
                    && called.Name.StartsWith("BeginTransaction", StringComparison.Ordinal)))
                {
                    callers.Add($"{type.FullName}.{method.Name}");
                }
            }
        }
        Assert.That(callers, Is.Empty);
    }
}
