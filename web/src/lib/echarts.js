// ECharts, imported piece by piece (only what the dashboard, the map and the brokers' figures draw).
import * as echarts from 'echarts/core';
import { MapChart, BarChart, LineChart, PieChart, FunnelChart } from 'echarts/charts';
import { TooltipComponent, GridComponent, LegendComponent, VisualMapComponent, TitleComponent, GeoComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([MapChart, BarChart, LineChart, PieChart, FunnelChart, TooltipComponent, GridComponent, LegendComponent, VisualMapComponent, TitleComponent, GeoComponent, CanvasRenderer]);

export default echarts;
