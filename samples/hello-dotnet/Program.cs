var app = WebApplication.CreateBuilder(args).Build();

const string Greeting = "Hello from .NET!";
app.MapGet("/", () => Greeting + "\n");

app.Run();
