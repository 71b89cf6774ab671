// The namespaces most of this project's files open (entities, the caller, web and page helpers, MVC, Identity, EF Core
// and its configuration builders, options, NodaTime), imported once here as eShop's services do; a file still opens
// the rarer ones itself.
global using Guichet.Data;
global using Guichet.Features.Accounts;
global using Guichet.Web;
global using Guichet.Web.Pages;
global using Microsoft.AspNetCore.Identity;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.EntityFrameworkCore.Metadata.Builders;
global using Microsoft.Extensions.Options;
global using NodaTime;
