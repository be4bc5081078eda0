"""Operations across parties: tickets, their append-only event history and who held them."""
