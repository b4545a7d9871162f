// Package resolvers serves the GraphQL API of Nexus: the hand-written
// resolvers of the schema in package schema (one file per schema file), the
// per-request dataloaders that batch store calls, the error presenter that
// maps graph error codes to extensions.code, and NewHandler, the /graphql
// endpoint, which speaks GraphQL over HTTP as its specification describes.
//
// The resolvers read only the graph.Store interface, never a store
// implementation.
package resolvers

//go:generate go tool gqlgen generate
