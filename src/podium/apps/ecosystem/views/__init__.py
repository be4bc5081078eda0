"""Pages of the ecosystem: `pages` reads (lists, details, history, "as of"), `editing` the
create/edit/delete forms, `map` the ecosystem map."""
