// The request and response types of these routes, exported by the package for the admin app.
export {};
