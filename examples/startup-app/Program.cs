using PSMigrate;

// Apply the migrations this application carries before it does anything else.
// The database comes from the first argument or APP_DATABASE (sqlite:app.db by default).
var address = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("APP_DATABASE") ?? "sqlite:app.db";
var project = MigrationProject.FromAssembly(typeof(Program).Assembly);
var database = project.ForDatabase(address);

var run = database.Upgrade();
foreach (var step in run.Steps)
    Console.WriteLine($"{step.Revision} {step.Status} in {step.Duration.TotalMilliseconds:0} ms: {step.Message}");
if (!run.Succeeded)
{
    Console.Error.WriteLine($"{run.Failure!.ErrorId}: {run.Failure.Message}");
    return 1;
}

var status = database.Status();
Console.WriteLine($"{status.Database} is at {string.Join(", ", status.Current)}; up to date: {status.IsUpToDate}");
// ... the application starts here.
return 0;
