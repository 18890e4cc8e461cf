// The app of the startup bench: nothing, so only what --import loads and starts is measured.
