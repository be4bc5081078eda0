"""The ecosystem: parties, their contacts and contracts, business services and components."""
