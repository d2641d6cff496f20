#Requires -Version 7.4
<#
.SYNOPSIS
    Writes the cmdlets' help (module/en-US/PSMigrate.dll-Help.xml for Get-Help, docs/cmdlets.md for
    readers of the repository) from what the cmdlets declare and the prose in docs/help.
.DESCRIPTION
    Syntax, parameter sets, mandatory parameters, positions, pipeline input, aliases, types,
    defaults (read from a fresh instance of each cmdlet), inputs and outputs all come from the
    built module, so help cannot drift from the code; synopses, descriptions and examples come
    from docs/help/PSMigrate.help.psd1. Run it after changing either (./build.ps1 -Task Help);
    the Pester specs regenerate the file and fail when the committed one differs.
.EXAMPLE
    ./tools/New-ModuleHelp.ps1
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/PSMigrate/PSMigrate.psd1'),
    [string] $OutFile = (Join-Path $PSScriptRoot '../module/en-US/PSMigrate.dll-Help.xml'),
    [string] $MarkdownFile = (Join-Path $PSScriptRoot '../docs/cmdlets.md')
)
$ErrorActionPreference = 'Stop'
$module = Import-Module $ModulePath -PassThru -Force
$order = (Import-PowerShellDataFile $ModulePath).CmdletsToExport
$prose = Import-PowerShellDataFile (Join-Path $PSScriptRoot '../docs/help/PSMigrate.help.psd1')
$common = [System.Management.Automation.Cmdlet]::CommonParameters
$ns = @{
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

# What Get-Help shows for a parameter, across the sets it belongs to.
function Get-ParameterFacts($command, $parameter) {
    $sets = $command.ParameterSets | ForEach-Object { $_.Parameters | Where-Object Name -eq $parameter.Name }
    $byValue = [bool]($sets | Where-Object ValueFromPipeline)
    $byName = [bool]($sets | Where-Object ValueFromPipelineByPropertyName)
    $kinds = @(if ($byValue) { 'ByValue' }; if ($byName) { 'ByPropertyName' })
    $positional = $sets | Where-Object Position -ge 0 | Select-Object -First 1
    $type = [Nullable]::GetUnderlyingType($parameter.ParameterType) ?? $parameter.ParameterType
    [pscustomobject]@{
        Required      = -not ($sets | Where-Object { -not $_.IsMandatory })
        Position      = if ($positional) { [string]$positional.Position } else { 'named' }
        PipelineInput = if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
        Aliases       = if ($parameter.Aliases.Count) { $parameter.Aliases -join ', ' } else { 'none' }
        Type          = $type
        IsSwitch      = $type -eq [switch]
    }
}

function Get-Prose($name, $parameter) {
    $own = $prose[$name].Parameters[$parameter]
    $text = if ($own) { $own } else { $prose.Shared.Parameters[$parameter] }
    if (-not $text) { throw "docs/help/PSMigrate.help.psd1 has no text for $name -$parameter" }
    $text
}

function Get-DefaultValue($instance, $parameter) {
    $value = $instance.($parameter.Name)
    if ($null -eq $value -or $value -is [switch] -or ($value -is [string] -and $value -eq '') -or ($value -is [array] -and $value.Count -eq 0)) { return $null }
    "$value"
}

$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; IndentChars = '  '; Encoding = [System.Text.UTF8Encoding]::new($false) }
$writer = [System.Xml.XmlWriter]::Create($OutFile, $settings)
function Element($prefix, $name, $text) { $writer.WriteElementString($prefix, $name, $ns[$prefix], $text) }
function Open($prefix, $name) { $writer.WriteStartElement($prefix, $name, $ns[$prefix]) }
function Close { $writer.WriteEndElement() }
function Para($prefix, $name, $text) { Open $prefix $name; Element maml para $text; Close }

$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')
foreach ($command in Get-Command -Module $module.Name | Sort-Object { [array]::IndexOf($order, $_.Name) }) {
    $name = $command.Name
    if (-not $prose[$name]) { throw "docs/help/PSMigrate.help.psd1 has no entry for $name" }
    $instance = [Activator]::CreateInstance($command.ImplementingType)
    $parameters = $command.Parameters.Values | Where-Object { $_.Name -notin $common }

    Open command command
    foreach ($prefix in 'maml', 'command', 'dev') { $writer.WriteAttributeString('xmlns', $prefix, $null, $ns[$prefix]) }
    Open command details
    Element command name $name
    Element command verb $command.Verb
    Element command noun $command.Noun
    Para maml description $prose[$name].Synopsis
    Close
    Para maml description $prose[$name].Description

    Open command syntax
    foreach ($set in $command.ParameterSets | Sort-Object { -not $_.IsDefault }, Name) {
        Open command syntaxItem
        Element maml name $name
        foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $common } | Sort-Object { if ($_.Position -ge 0) { $_.Position } else { 1000 } }, { -not $_.IsMandatory }) {
            $facts = Get-ParameterFacts $command $command.Parameters[$p.Name]
            Open command parameter
            $writer.WriteAttributeString('required', "$($p.IsMandatory)".ToLowerInvariant())
            $writer.WriteAttributeString('position', $(if ($p.Position -ge 0) { [string]$p.Position } else { 'named' }))
            $writer.WriteAttributeString('pipelineInput', $facts.PipelineInput)
            Element maml name $p.Name
            if (-not $facts.IsSwitch) { Open command parameterValue; $writer.WriteAttributeString('required', 'true'); $writer.WriteString($facts.Type.Name); Close }
            Close
        }
        Close
    }
    Close

    Open command parameters
    foreach ($p in $parameters | Sort-Object Name) {
        $facts = Get-ParameterFacts $command $p
        Open command parameter
        $writer.WriteAttributeString('required', "$($facts.Required)".ToLowerInvariant())
        $writer.WriteAttributeString('position', $facts.Position)
        $writer.WriteAttributeString('pipelineInput', $facts.PipelineInput)
        $writer.WriteAttributeString('aliases', $facts.Aliases)
        $writer.WriteAttributeString('globbing', 'false')
        $writer.WriteAttributeString('variableLength', "$($facts.Type.IsArray)".ToLowerInvariant())
        Element maml name $p.Name
        Para maml description (Get-Prose $name $p.Name)
        if (-not $facts.IsSwitch) { Open command parameterValue; $writer.WriteAttributeString('required', 'true'); $writer.WriteString($facts.Type.Name); Close }
        Open dev type; Element maml name $facts.Type.FullName; Close
        $default = Get-DefaultValue $instance $p
        if ($null -ne $default) { Element dev defaultValue $default }
        Close
    }
    Close

    Open command inputTypes
    $piped = $parameters | Where-Object { (Get-ParameterFacts $command $_).PipelineInput -ne 'False' } | Sort-Object Name
    if (-not $piped) {
        Open command inputType; Open dev type; Element maml name 'None'; Close; Para maml description "$name takes no pipeline input."; Close
    }
    foreach ($p in $piped) {
        $facts = Get-ParameterFacts $command $p
        Open command inputType; Open dev type; Element maml name $facts.Type.FullName; Close
        Para maml description "-$($p.Name): $($facts.PipelineInput.Substring(6).Trim('()'))."
        Close
    }
    Close

    Open command returnValues
    foreach ($type in $command.OutputType.Name) {
        Open command returnValue; Open dev type; Element maml name $type; Close; Para maml description ''; Close
    }
    Close

    Open command examples
    $n = 0
    foreach ($example in $prose[$name].Examples) {
        $n++
        Open command example
        Element maml title "-------------------------- Example $n --------------------------"
        Element dev code $example.Code
        Para dev remarks $example.Remarks
        Close
    }
    Close

    Open maml relatedLinks; Open maml navigationLink; Element maml linkText 'about_PSMigrate'; Close; Close
    Close
}
$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Dispose()

# The same facts as Markdown, for readers of the repository.
$md = [System.Text.StringBuilder]::new()
[void]$md.Append("# PSMigrate cmdlets`n`nGenerated by tools/New-ModuleHelp.ps1 from the cmdlets and docs/help/PSMigrate.help.psd1; ``Get-Help <cmdlet> -Full`` shows the same.`n")
foreach ($command in Get-Command -Module $module.Name | Sort-Object { [array]::IndexOf($order, $_.Name) }) {
    $name = $command.Name
    $instance = [Activator]::CreateInstance($command.ImplementingType)
    [void]$md.Append("`n## $name`n`n$($prose[$name].Synopsis)`n`n``````powershell`n$((Get-Command $name -Syntax).Trim())`n```````n`n$($prose[$name].Description)`n`n")
    [void]$md.Append("| Parameter | Type | Required | Position | Pipeline input | Default | Description |`n|---|---|---|---|---|---|---|`n")
    foreach ($p in $command.Parameters.Values | Where-Object { $_.Name -notin $common } | Sort-Object Name) {
        $facts = Get-ParameterFacts $command $p
        $default = Get-DefaultValue $instance $p
        [void]$md.Append("| -$($p.Name) | $($facts.Type.Name) | $(if ($facts.Required) { 'yes' } else { 'no' }) | $($facts.Position) | $($facts.PipelineInput) | $default | $((Get-Prose $name $p.Name).Replace('|', '\|')) |`n")
    }
    [void]$md.Append("`nOutputs: $($command.OutputType.Name -join ', ').`n")
    foreach ($example in $prose[$name].Examples) { [void]$md.Append("`n``````powershell`n$($example.Code)`n```````n`n$($example.Remarks)`n") }
}
[System.IO.File]::WriteAllText($MarkdownFile, $md.ToString(), [System.Text.UTF8Encoding]::new($false))
Write-Verbose "wrote $OutFile and $MarkdownFile"
