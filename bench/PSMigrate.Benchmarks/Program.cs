using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(PSMigrate.Benchmarks.HotPaths).Assembly).Run(args);
