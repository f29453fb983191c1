// WebKitGTK has no touch input: these scenarios drive it with the mouse and keyboard.
import { launchWebKitEngine } from './webkitEngine';
import { engineScenarios } from './scenarios';

engineScenarios('WebKit', launchWebKitEngine);
