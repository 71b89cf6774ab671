// The namespaces most of this project's files open (entities, the caller, web helpers, MVC, EF Core, NodaTime),
// imported once here as eShop's services do; a file still opens the rarer ones itself.
global using Guichet.Data;
global using Guichet.Features.Accounts;
global using Guichet.Web;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.EntityFrameworkCore;
global using NodaTime;
